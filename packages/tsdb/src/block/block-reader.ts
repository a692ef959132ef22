import { join } from 'node:path'
import type { Labels, Matcher } from '@watchfire/model'
import { ChunkReader, type ChunkBytes } from '../chunks/chunk-reader.js'
import type { ChunkMeta } from '../index/index-format.js'
import { IndexReader } from '../index/index-reader.js'
import { readMeta, type BlockMeta } from './meta.js'
import { BlockSeriesIterator } from './series-iterator.js'
import { readTombstones, type Interval, type Tombstones } from './tombstones.js'

/** One selected series: its labels and a fresh sample iterator over the queried range per call. */
export interface BlockSeries {
  labels: Labels
  /** Series reference in the block's index. */
  ref: number
  iterator(): BlockSeriesIterator
}

/**
 * An open persisted block. The index is held in memory (Prometheus mmaps it); chunk bytes are read
 * on demand per query. Safe for concurrent queries; close it when done.
 */
export class BlockReader {
  /** The block's meta.json. */
  readonly meta: BlockMeta
  /** The block's directory. */
  readonly dir: string
  private readonly index: IndexReader
  private readonly chunks: ChunkReader
  private readonly tombstones: Tombstones

  private constructor(
    dir: string,
    meta: BlockMeta,
    index: IndexReader,
    chunks: ChunkReader,
    tombstones: Tombstones,
  ) {
    this.dir = dir
    this.meta = meta
    this.index = index
    this.chunks = chunks
    this.tombstones = tombstones
  }

  /** Opens and verifies the block at `dir`; throws CorruptBlockError naming the file and section at fault. */
  static async open(dir: string): Promise<BlockReader> {
    const meta = await readMeta(dir)
    const index = await IndexReader.open(join(dir, 'index'))
    const tombstones = await readTombstones(dir)
    const chunks = await ChunkReader.open(join(dir, 'chunks'))
    return new BlockReader(dir, meta, index, chunks, tombstones)
  }

  /** Size of the index's symbol table held in memory. */
  get symbolTableSizeBytes(): number {
    return this.index.symbolTableSizeBytes
  }

  /** Label names in the block, sorted. */
  labelNames(): string[] {
    return this.index.labelNames()
  }

  /** Values of one label, sorted. */
  labelValues(name: string): string[] {
    return this.index.labelValues(name)
  }

  /** Deleted intervals of a series. */
  deletedIntervals(ref: number): readonly Interval[] {
    return this.tombstones.get(ref) ?? []
  }

  /**
   * Series matching every matcher that have chunks overlapping [minT, maxT], in label order, with
   * their chunk bytes loaded; iterating their samples is synchronous.
   */
  async select(minT: number, maxT: number, ...matchers: Matcher[]): Promise<BlockSeries[]> {
    const refs = this.index.postingsForMatchers(matchers)
    const picked: Array<{ ref: number; labels: Labels; chunks: ChunkMeta[] }> = []
    const chunkRefs: number[] = []
    for (const ref of refs) {
      const s = this.index.series(ref)
      const chunks = s.chunks.filter((c) => c.maxTime >= minT && c.minTime <= maxT)
      if (chunks.length === 0) continue
      picked.push({ ref, labels: s.labels, chunks })
      for (const c of chunks) chunkRefs.push(c.ref)
    }
    const bytes = await this.chunks.read(chunkRefs)
    let k = 0
    return picked.map((p) => {
      const own: ChunkBytes[] = bytes.slice(k, (k += p.chunks.length))
      const deleted = this.tombstones.get(p.ref)
      return {
        labels: p.labels,
        ref: p.ref,
        iterator: () => new BlockSeriesIterator(own, minT, maxT, deleted),
      }
    })
  }

  /** Refs of the series matching every matcher, ascending. */
  postings(matchers: readonly Matcher[]): number[] {
    return this.index.postingsForMatchers(matchers)
  }

  /** Labels and chunk metas of series `ref`. */
  series(ref: number): { labels: Labels; chunks: ChunkMeta[] } {
    return this.index.series(ref)
  }

  /** Chunk bytes for `refs`, read synchronously (see ChunkReader.readSync), checksums verified. */
  readChunksSync(refs: readonly number[]): ChunkBytes[] {
    return this.chunks.readSync(refs)
  }

  /** Every series' deleted intervals. */
  allTombstones(): Tombstones {
    return this.tombstones
  }

  /** Closes the chunk files. */
  async close(): Promise<void> {
    await this.chunks.close()
  }
}

/** Opens the block at `dir`; see {@link BlockReader.open}. */
export function openBlock(dir: string): Promise<BlockReader> {
  return BlockReader.open(dir)
}
