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
import { BlockSeriesIterator } from '../block/series-iterator.js'
import type { ChunkMeta } from '../index/index-format.js'

/** A block series whose chunk bytes are read when its first iterator is asked for. */
class LazyBlockSeries implements Series {
  readonly labels: Labels
  private readonly block: BlockReader
  private readonly ref: number
  private readonly metas: ChunkMeta[]
  private readonly mint: number
  private readonly maxt: number

  constructor(
    block: BlockReader,
    ref: number,
    labels: Labels,
    metas: ChunkMeta[],
    mint: number,
    maxt: number,
  ) {
    this.block = block
    this.ref = ref
    this.labels = labels
    this.metas = metas
    this.mint = mint
    this.maxt = maxt
  }

  iterator(): SampleIterator {
    const chunks = this.block.readChunksSync(this.metas.map((m) => m.ref))
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
      const out: Series[] = []
      for (const { ref, labels, chunks } of this.matching(matchers)) {
        out.push(new LazyBlockSeries(this.block, ref, labels, chunks, this.mint, this.maxt))
      }
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
