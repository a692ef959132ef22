import { Labels, type Matcher } from '@watchfire/model'
import {
  ArraySeriesSet,
  ErrorSeriesSet,
  type Querier,
  type SampleIterator,
  type Series,
  type SeriesSet,
  labelNamesOf,
  labelValuesOf,
} from '@watchfire/storage'
import type { BlockReader } from '../block/block-reader.js'
import type { ChunkBytes } from '../chunks/chunk-reader.js'
import { BlockSeriesIterator } from '../block/series-iterator.js'
import type { ChunkMeta } from '../index/index-format.js'

/** Chunks read ahead for the series of one select, at most this many at a time. */
const BATCH_CHUNKS = 1024

/**
 * The chunk bytes of one select's series, read in batches of consecutive series: one coalesced
 * read (a few syscalls) serves thousands of chunks instead of one read per series. Only the current
 * batch is held, so memory stays bounded whatever the selection's size.
 */
class ChunkBatches {
  private from = 0
  private to = 0
  private bytes: ChunkBytes[] = []
  /** Index into `bytes` where each series of the batch starts, plus one past the end. */
  private starts: number[] = []

  constructor(
    private readonly block: BlockReader,
    private readonly metas: readonly ChunkMeta[][],
  ) {}

  /** The chunks of series `k` of the select. */
  chunks(k: number): ChunkBytes[] {
    if (k < this.from || k >= this.to) this.load(k)
    return this.bytes.slice(this.starts[k - this.from] as number, this.starts[k - this.from + 1] as number)
  }

  private load(k: number): void {
    const refs: number[] = []
    const starts: number[] = [0]
    let end = k
    while (end < this.metas.length && (end === k || refs.length < BATCH_CHUNKS)) {
      for (const m of this.metas[end] as ChunkMeta[]) refs.push(m.ref)
      starts.push(refs.length)
      end++
    }
    // Drop the old batch before reading the next one, so that two are never held at once.
    this.bytes = []
    this.bytes = this.block.readChunksSync(refs)
    this.starts = starts
    this.from = k
    this.to = end
  }
}

/** A block series whose chunk bytes are read (with its neighbours') when an iterator is asked for. */
class LazyBlockSeries implements Series {
  constructor(
    readonly labels: Labels,
    private readonly block: BlockReader,
    private readonly ref: number,
    private readonly batches: ChunkBatches,
    private readonly index: number,
    private readonly mint: number,
    private readonly maxt: number,
  ) {}

  iterator(): SampleIterator {
    const chunks = this.batches.chunks(this.index)
    return new BlockSeriesIterator(chunks, this.mint, this.maxt, this.block.deletedIntervals(this.ref))
  }
}

/**
 * A querier over one persisted block. Series come out in label order (the index stores them so);
 * chunk bytes are read synchronously and lazily, per series iterator. `onClose` lets the owner
 * release its hold on the block.
 */
export class BlockQuerier implements Querier {
  private readonly block: BlockReader
  private readonly mint: number
  private readonly maxt: number
  private readonly onClose: () => void
  private closed = false

  constructor(block: BlockReader, mint: number, maxt: number, onClose: () => void) {
    this.block = block
    this.mint = mint
    this.maxt = maxt
    this.onClose = onClose
  }

  select(_sorted: boolean, _hints: unknown, ...matchers: Matcher[]): SeriesSet {
    try {
      const matching = this.matching(matchers)
      const batches = new ChunkBatches(
        this.block,
        matching.map((m) => m.chunks),
      )
      const out: Series[] = matching.map(
        (m, i) => new LazyBlockSeries(m.labels, this.block, m.ref, batches, i, this.mint, this.maxt),
      )
      return new ArraySeriesSet(out)
    } catch (err) {
      return new ErrorSeriesSet(err instanceof Error ? err : new Error(String(err)))
    }
  }

  async labelNames(...matchers: Matcher[]): Promise<string[]> {
    return labelNamesOf(this.matching(matchers))
  }

  async labelValues(name: string, ...matchers: Matcher[]): Promise<string[]> {
    return labelValuesOf(this.matching(matchers), name)
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    this.onClose()
  }

  private matching(matchers: readonly Matcher[]): { ref: number; labels: Labels; chunks: ChunkMeta[] }[] {
    if (this.closed) throw new RangeError('cannot query block (querier closed)')
    const out: { ref: number; labels: Labels; chunks: ChunkMeta[] }[] = []
    for (const ref of this.block.postings(matchers)) {
      const s = this.block.series(ref)
      const chunks = s.chunks.filter((c) => c.maxTime >= this.mint && c.minTime <= this.maxt)
      if (chunks.length === 0 || fullyDeleted(this.block.deletedIntervals(ref), chunks)) continue
      out.push({ ref, labels: s.labels, chunks })
    }
    return out
  }
}

/** True if tombstones cover every chunk's whole time span (the series has nothing left to show). */
function fullyDeleted(
  deleted: readonly { minT: number; maxT: number }[],
  chunks: readonly ChunkMeta[],
): boolean {
  if (deleted.length === 0) return false
  return chunks.every((c) => deleted.some((iv) => iv.minT <= c.minTime && iv.maxT >= c.maxTime))
}
