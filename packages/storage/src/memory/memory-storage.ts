import type { Labels } from '@watchfire/model'
import type { Appendable, Appender, SeriesRef } from '../appender.js'
import {
  ERR_DUPLICATE_SAMPLE_FOR_TIMESTAMP,
  ERR_OUT_OF_BOUNDS,
  ERR_OUT_OF_ORDER_SAMPLE,
  type StorageError,
} from '../errors.js'
import type { Querier, Queryable } from '../querier.js'
import { MemoryAppender } from './memory-appender.js'
import { MemoryQuerier } from './memory-querier.js'
import { MemSeries } from './mem-series.js'
import { Postings } from './postings.js'

/** Options of a {@link MemoryStorage}. */
export interface MemoryStorageOptions {
  /** Samples older than this are rejected with ERR_OUT_OF_BOUNDS; default: no limit. */
  minValidTimeMs?: number
}

/** Counters of what a {@link MemoryStorage} holds and has refused. */
export interface MemoryStorageStats {
  series: number
  samples: number
  outOfOrderSamples: number
  duplicateSamples: number
  outOfBoundsSamples: number
}

/**
 * An in-memory store: per-series typed-array columns plus an inverted label index. It accepts
 * samples in order per series only, like a TSDB head without an out-of-order window. Meant for
 * tests, the promqltest runner and small embedded uses; nothing is ever evicted.
 */
export class MemoryStorage implements Appendable, Queryable {
  readonly minValidTimeMs: number
  readonly postings = new Postings()
  private readonly byId: MemSeries[] = []
  private readonly byHash = new Map<number, MemSeries[]>()
  private outOfOrder = 0
  private duplicates = 0
  private outOfBounds = 0

  constructor(options: MemoryStorageOptions = {}) {
    this.minValidTimeMs = options.minValidTimeMs ?? Number.MIN_SAFE_INTEGER
  }

  appender(): Appender {
    return new MemoryAppender(this)
  }

  async querier(mint: number, maxt: number): Promise<Querier> {
    return new MemoryQuerier(this, mint, maxt)
  }

  /** Counts of series, stored samples and rejected samples by reason. */
  stats(): MemoryStorageStats {
    let samples = 0
    for (const s of this.byId) samples += s.len
    return {
      series: this.byId.length,
      samples,
      outOfOrderSamples: this.outOfOrder,
      duplicateSamples: this.duplicates,
      outOfBoundsSamples: this.outOfBounds,
    }
  }

  /** @internal Used by the appender. */
  seriesByRef(ref: SeriesRef): MemSeries | undefined {
    return this.byId[ref - 1]
  }

  /** @internal Used by the querier. */
  seriesById(id: number): MemSeries | undefined {
    return this.byId[id - 1]
  }

  /** @internal Used by the appender: series are created on first append, even if later rolled back. */
  getOrCreateSeries(labels: Labels): MemSeries {
    const hash = labels.hash()
    const bucket = this.byHash.get(hash)
    if (bucket !== undefined) {
      for (const s of bucket) if (s.labels.equals(labels)) return s
    }
    const s = new MemSeries(this.byId.length + 1, labels)
    this.byId.push(s)
    if (bucket === undefined) this.byHash.set(hash, [s])
    else bucket.push(s)
    this.postings.add(s.id, labels.toFlat())
    return s
  }

  /** @internal Used by the appender. */
  countRejection(err: StorageError): void {
    if (err === ERR_OUT_OF_ORDER_SAMPLE) this.outOfOrder++
    else if (err === ERR_DUPLICATE_SAMPLE_FOR_TIMESTAMP) this.duplicates++
    else if (err === ERR_OUT_OF_BOUNDS) this.outOfBounds++
  }
}
