import { mkdir, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { Labels, type NativeHistogram } from '@watchfire/model'
import { ChunkEncoding } from '../chunkenc/value-type.js'
import { XorChunkEncoder } from '../chunkenc/xor-chunk.js'
import { ChunkSegmentWriter } from '../chunks/segment-writer.js'
import { InvalidBlockInputError } from '../errors.js'
import type { ChunkMeta } from '../index/index-format.js'
import { writeIndexFile, type IndexSeries } from '../index/index-writer.js'
import { encodeHistogramChunks } from './histogram-chunking.js'
import { writeMeta, type BlockMeta } from './meta.js'
import { writeTombstones } from './tombstones.js'
import { newUlid } from './ulid.js'

/**
 * One series to write. Timestamps ascend strictly within each kind. Keep float values in a
 * Float64Array when they may hold stale markers: V8 quiets signalling NaNs in plain number arrays.
 */
export interface BlockSeriesInput {
  labels: Labels
  floats?: { timestamps: ArrayLike<number>; values: ArrayLike<number> }
  histograms?: { timestamps: ArrayLike<number>; values: readonly NativeHistogram[] }
}

/** How to write a block. */
export interface WriteBlockOptions {
  /** Samples per chunk; Prometheus's head cuts at 120. */
  samplesPerChunk?: number
  /** Block time range; defaults to [first sample, last sample + 1). */
  minTime?: number
  maxTime?: number
  /** Compaction level; 1 for a block cut from a head. */
  level?: number
  /** Defaults to a new ULID at the current time. */
  ulid?: string
  segmentSizeBytes?: number
  /** Told of every chunk written: its size, sample count and time range (maxT − minT, ms). */
  onChunk?: (sizeBytes: number, samples: number, rangeMs: number) => void
}

/**
 * Writes `parentDir/<ULID>/{chunks/000001…, index, meta.json, tombstones}` from in-memory series and
 * returns its meta. Files go to a temporary directory renamed into place at the end, so a crash never
 * leaves a half-written block under a ULID name.
 */
export async function writeBlock(
  parentDir: string,
  input: Iterable<BlockSeriesInput>,
  options: WriteBlockOptions = {},
): Promise<BlockMeta> {
  const perChunk = options.samplesPerChunk ?? 120
  const series = [...input].sort((a, b) => Labels.compare(a.labels, b.labels))
  for (let i = 1; i < series.length; i++) {
    if (
      Labels.compare((series[i - 1] as BlockSeriesInput).labels, (series[i] as BlockSeriesInput).labels) === 0
    ) {
      throw new InvalidBlockInputError(
        `cannot write block (series ${(series[i] as BlockSeriesInput).labels.toString()} given twice)`,
      )
    }
  }
  const ulid = options.ulid ?? newUlid()
  const tmp = join(parentDir, `${ulid}.tmp-for-creation`)
  await rm(tmp, { recursive: true, force: true })
  await mkdir(tmp, { recursive: true })
  let minT = Infinity
  let maxT = -Infinity
  let numSamples = 0
  let numChunks = 0
  let chunks: ChunkSegmentWriter | undefined
  try {
    chunks = await ChunkSegmentWriter.create(join(tmp, 'chunks'), options.segmentSizeBytes)
    const indexed: IndexSeries[] = []
    for (const s of series) {
      const pending: Array<{ enc: number; bytes: Uint8Array; minTime: number; maxTime: number }> = []
      forEachChunk(s, perChunk, (enc, bytes, lo, hi, n) => {
        pending.push({ enc, bytes, minTime: lo, maxTime: hi })
        numSamples += n
        options.onChunk?.(bytes.length, n, hi - lo)
      })
      if (pending.length === 0) continue
      const metas: ChunkMeta[] = []
      for (const p of pending) {
        metas.push({ ref: await chunks.write(p.enc, p.bytes), minTime: p.minTime, maxTime: p.maxTime })
      }
      numChunks += metas.length
      minT = Math.min(minT, (metas[0] as ChunkMeta).minTime)
      maxT = Math.max(maxT, (metas[metas.length - 1] as ChunkMeta).maxTime)
      indexed.push({ labels: s.labels, chunks: metas })
    }
    await chunks.close()
    if (indexed.length === 0 && (options.minTime === undefined || options.maxTime === undefined)) {
      throw new InvalidBlockInputError('cannot write block (no samples and no time range given)')
    }
    const meta: BlockMeta = {
      ulid,
      minTime: options.minTime ?? minT,
      maxTime: options.maxTime ?? maxT + 1,
      stats: { numSamples, numSeries: indexed.length, numChunks },
      compaction: { level: options.level ?? 1, sources: [ulid] },
      version: 1,
    }
    if (minT < meta.minTime || maxT >= meta.maxTime) {
      throw new InvalidBlockInputError(
        `cannot write block (samples span ${minT}..${maxT}, outside [${meta.minTime}, ${meta.maxTime}))`,
      )
    }
    await writeIndexFile(join(tmp, 'index'), indexed)
    await writeTombstones(tmp, new Map())
    await writeMeta(tmp, meta)
    await rename(tmp, join(parentDir, ulid))
    return meta
  } catch (err) {
    await chunks?.abort()
    await rm(tmp, { recursive: true, force: true })
    throw err
  }
}

type Emit = (encoding: number, bytes: Uint8Array, minT: number, maxT: number, n: number) => void

/** Walks a series' floats and histograms in time order, cutting a chunk at each kind switch. */
function forEachChunk(s: BlockSeriesInput, perChunk: number, emit: Emit): void {
  const ft = s.floats?.timestamps ?? []
  const fv = s.floats?.values ?? []
  const ht = s.histograms?.timestamps ?? []
  const hv = s.histograms?.values ?? []
  if (ft.length !== fv.length || ht.length !== hv.length) {
    throw new InvalidBlockInputError(
      `cannot write series ${s.labels.toString()} (timestamps and values differ in length)`,
    )
  }
  let i = 0
  let j = 0
  while (i < ft.length || j < ht.length) {
    if (j >= ht.length || (i < ft.length && (ft[i] as number) < (ht[j] as number))) {
      const stop = j < ht.length ? (ht[j] as number) : Infinity
      const enc = new XorChunkEncoder()
      const first = i
      if (first > 0 && (ft[first] as number) <= (ft[first - 1] as number)) {
        throw new InvalidBlockInputError(
          `cannot write series ${s.labels.toString()} (timestamps not increasing at ${ft[first]})`,
        )
      }
      while (i < ft.length && (ft[i] as number) < stop && enc.numSamples < perChunk) {
        enc.append(ft[i] as number, fv[i] as number)
        i++
      }
      emit(ChunkEncoding.XOR, enc.bytes(), ft[first] as number, ft[i - 1] as number, i - first)
    } else {
      if (i < ft.length && ft[i] === ht[j]) {
        throw new InvalidBlockInputError(
          `cannot write series ${s.labels.toString()} (float and histogram at ${ft[i]})`,
        )
      }
      const stop = i < ft.length ? (ft[i] as number) : Infinity
      let end = j
      while (end < ht.length && (ht[end] as number) < stop) end++
      encodeHistogramChunks(ht, hv, j, end, perChunk, (bytes, lo, hi, n) =>
        emit(ChunkEncoding.Histogram, bytes, lo, hi, n),
      )
      j = end
    }
  }
}
