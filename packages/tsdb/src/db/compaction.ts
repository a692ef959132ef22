import type { BlockReader } from '../block/block-reader.js'
import { writeBlock, type BlockSeriesInput, type WriteBlockOptions } from '../block/block-writer.js'
import { writeMeta, type BlockMeta } from '../block/meta.js'
import { BlockSeriesIterator } from '../block/series-iterator.js'
import { join } from 'node:path'
import type { ChunkBytes } from '../chunks/chunk-reader.js'
import type { Head } from '../head/head.js'
import type { HeadSeries } from '../head/head-series.js'
import { SeriesCollector } from './series-collector.js'

/** Series whose head chunks one coalesced read fetches during head compaction. */
const SERIES_PER_READ = 1000

/**
 * Writes the head's samples in [mint, maxt) (tombstoned ones left out) as a level-1 block under
 * `dir`; returns its meta, or undefined when the range holds no sample. `onChunk` is told of each
 * chunk written (see WriteBlockOptions.onChunk).
 */
export async function compactHeadRange(
  head: Head,
  dir: string,
  mint: number,
  maxt: number,
  onChunk?: WriteBlockOptions['onChunk'],
): Promise<BlockMeta | undefined> {
  const inputs: BlockSeriesInput[] = []
  const batch: HeadSeries[] = []
  // Full chunks are read from the head chunk files a batch of series at a time (coalesced reads).
  const drain = (): void => {
    const chunks = head.chunksOf(batch, mint, maxt - 1)
    for (let i = 0; i < batch.length; i++) {
      const s = batch[i] as HeadSeries
      const c = new SeriesCollector(s.labels)
      c.addAll(new BlockSeriesIterator(chunks[i] as ChunkBytes[], mint, maxt - 1, head.tombstones.get(s.ref)))
      if (c.size > 0) inputs.push(c.finish())
    }
    batch.length = 0
  }
  for (const s of head.allSeries()) {
    if (!s.overlaps(mint, maxt - 1)) continue
    batch.push(s)
    if (batch.length === SERIES_PER_READ) drain()
  }
  drain()
  if (inputs.length === 0) return undefined
  return writeBlock(dir, inputs, { minTime: mint, maxTime: maxt, level: 1, onChunk })
}

/**
 * Merges blocks into one covering their combined range, one level above the highest parent;
 * deleted samples are dropped and equal timestamps de-duplicated. Parents and sources are
 * recorded in meta.json as Prometheus does, so a crash before the parents are deleted is healed
 * at the next open.
 */
export async function mergeBlocks(dir: string, blocks: readonly BlockReader[]): Promise<BlockMeta> {
  const byLabels = new Map<string, SeriesCollector>()
  for (const b of blocks) {
    for (const ref of b.postings([])) {
      const s = b.series(ref)
      const key = s.labels.toString()
      let c = byLabels.get(key)
      if (c === undefined) byLabels.set(key, (c = new SeriesCollector(s.labels)))
      const chunks = b.readChunksSync(s.chunks.map((m) => m.ref))
      c.addAll(new BlockSeriesIterator(chunks, -Infinity, Infinity, b.deletedIntervals(ref)))
    }
  }
  const inputs: BlockSeriesInput[] = []
  for (const c of byLabels.values()) if (c.size > 0) inputs.push(c.finish())
  const minTime = Math.min(...blocks.map((b) => b.meta.minTime))
  const maxTime = Math.max(...blocks.map((b) => b.meta.maxTime))
  const level = Math.max(...blocks.map((b) => b.meta.compaction.level)) + 1
  const meta = await writeBlock(dir, inputs, { minTime, maxTime, level })
  const sources = new Set<string>()
  for (const b of blocks) for (const s of b.meta.compaction.sources ?? [b.meta.ulid]) sources.add(s)
  meta.compaction = {
    level,
    sources: [...sources].sort(),
    parents: blocks.map((b) => ({ ulid: b.meta.ulid, minTime: b.meta.minTime, maxTime: b.meta.maxTime })),
  }
  await writeMeta(join(dir, meta.ulid), meta)
  return meta
}

/**
 * Picks blocks to merge (a simple take on Prometheus's leveled planner): for each range above the
 * first, the blocks lying inside one aligned window of that range, when there are at least two and
 * the window can no longer receive new blocks (it ends at or before `sealedBefore`).
 */
export function planCompaction(
  metas: readonly BlockMeta[],
  ranges: readonly number[],
  sealedBefore: number,
): BlockMeta[] | undefined {
  for (const r of ranges.slice(1)) {
    const windows = new Map<number, BlockMeta[]>()
    for (const m of metas) {
      const start = Math.floor(m.minTime / r) * r
      if (m.maxTime > start + r || m.maxTime - m.minTime >= r) continue
      const list = windows.get(start)
      if (list === undefined) windows.set(start, [m])
      else list.push(m)
    }
    for (const [start, list] of [...windows].sort((a, b) => a[0] - b[0])) {
      if (list.length >= 2 && start + r <= sealedBefore) return list
    }
  }
  return undefined
}

/** Prometheus's default block ranges: the base range times 3^k, up to `maxMs`. */
export function blockRanges(baseMs: number, maxMs: number): number[] {
  const out = [baseMs]
  while ((out[out.length - 1] as number) * 3 <= maxMs) out.push((out[out.length - 1] as number) * 3)
  return out
}

/** True if any two of the blocks share time: merging them is a vertical compaction. */
export function overlapping(metas: readonly BlockMeta[]): boolean {
  const sorted = [...metas].sort((a, b) => a.minTime - b.minTime)
  for (let i = 1; i < sorted.length; i++) {
    if ((sorted[i] as BlockMeta).minTime < (sorted[i - 1] as BlockMeta).maxTime) return true
  }
  return false
}
