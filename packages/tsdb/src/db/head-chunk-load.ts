import { ChunkEncoding } from '../chunkenc/value-type.js'
import { HeadChunkFiles } from '../chunks/head-chunk-files.js'
import { OUT_OF_ORDER_ENCODING_FLAG } from '../chunks/head-chunk-format.js'
import { scanHeadChunkFiles, type HeadChunkCorruption } from '../chunks/head-chunk-scan.js'

/** Numbers per chunk record, as HeadSeries keeps them: key, minT, maxT, samples × 256 + encoding. */
const STRIDE = 4

/** The head chunk files of a data directory, opened, with the chunks each series had. */
export interface LoadedHeadChunks {
  files: HeadChunkFiles
  /** Per WAL series ref, chunk records oldest first (see HeadSeries.attachChunks). */
  bySeries: Map<number, number[]>
  /** The damage repaired, if any. */
  corruption: HeadChunkCorruption | undefined
  /** The largest series ref any entry names (0 if none): new series must not reuse these refs. */
  maxSeriesRef: number
}

/**
 * Scans `chunks_head` (repairing damage, see scanHeadChunkFiles) and groups its chunks by series,
 * leaving out chunks that end before `minValidTime` (already in a block) and encodings the head does
 * not keep (Prometheus's out-of-order chunks, whose samples live in its WBL). When a series' chunk
 * overlaps one written before it, the later one is a rewrite (an out-of-order insert) and replaces it.
 */
export function loadHeadChunks(
  dir: string,
  minValidTime: number,
  logger: (m: string) => void,
): LoadedHeadChunks {
  const bySeries = new Map<number, number[]>()
  let maxSeriesRef = 0
  const scan = scanHeadChunkFiles(dir, (c) => {
    if (c.seriesRef > maxSeriesRef) maxSeriesRef = c.seriesRef
    if (c.maxT < minValidTime || (c.encoding & OUT_OF_ORDER_ENCODING_FLAG) !== 0) return
    if (c.encoding !== ChunkEncoding.XOR && c.encoding !== ChunkEncoding.Histogram) return
    let recs = bySeries.get(c.seriesRef)
    if (recs === undefined) bySeries.set(c.seriesRef, (recs = []))
    const info = c.samples * 256 + c.encoding
    const last = recs.length - STRIDE
    if (last < 0 || (recs[last + 2] as number) < c.minT) {
      recs.push(c.ref, c.minT, c.maxT, info)
      return
    }
    const kept: number[] = []
    for (let i = 0; i < recs.length; i += STRIDE) {
      const overlaps = (recs[i + 1] as number) <= c.maxT && (recs[i + 2] as number) >= c.minT
      if (!overlaps) kept.push(...recs.slice(i, i + STRIDE))
    }
    let at = 0
    while (at < kept.length && (kept[at + 1] as number) < c.minT) at += STRIDE
    kept.splice(at, 0, c.ref, c.minT, c.maxT, info)
    bySeries.set(c.seriesRef, kept)
  })
  if (scan.corruption !== undefined) {
    const k = scan.corruption
    logger(
      `tsdb: repaired head chunk file ${k.file} at byte ${k.offset} (${k.reason}); truncated there, later files deleted, their samples are replayed from the WAL`,
    )
  }
  return {
    files: new HeadChunkFiles(dir, scan.files, logger),
    bySeries,
    corruption: scan.corruption,
    maxSeriesRef,
  }
}
