import { copyHistogram, type Labels, type NativeHistogram } from '@watchfire/model'
import {
  ERR_APPENDER_CLOSED,
  ERR_OUT_OF_ORDER_SAMPLE,
  type Appender,
  type SeriesRef,
} from '@watchfire/storage'
import type { AgentSeries, AgentStorage } from './agent-storage.js'

/** @internal Samples an agent appender gathered, in parallel columns. */
export interface PendingBatch {
  refs: number[]
  ts: number[]
  vs: Float64Array
  n: number
  hists: { ref: number; t: number; h: NativeHistogram }[]
}

/** @internal The agent's appender: validates eagerly, writes the WAL on commit. */
export class AgentAppender implements Appender {
  private readonly storage: AgentStorage
  private readonly created: AgentSeries[] = []
  private readonly batch: PendingBatch = { refs: [], ts: [], vs: new Float64Array(256), n: 0, hists: [] }
  private done = false

  constructor(storage: AgentStorage) {
    this.storage = storage
  }

  append(ref: SeriesRef, labels: Labels, t: number, v: number): SeriesRef {
    if (this.done) throw ERR_APPENDER_CLOSED
    const s = this.storage.resolve(ref, labels, this.created)
    if (t < s.lastTs) {
      this.storage.stats.outOfOrderSamples++
      throw ERR_OUT_OF_ORDER_SAMPLE
    }
    const b = this.batch
    if (b.n === b.vs.length) {
      const grown = new Float64Array(b.vs.length * 2)
      grown.set(b.vs)
      b.vs = grown
    }
    b.refs[b.n] = s.ref
    b.ts[b.n] = t
    b.vs[b.n] = v
    b.n++
    return s.ref
  }

  appendHistogram(ref: SeriesRef, labels: Labels, t: number, h: NativeHistogram): SeriesRef {
    if (this.done) throw ERR_APPENDER_CLOSED
    const s = this.storage.resolve(ref, labels, this.created)
    if (t < s.lastTs) {
      this.storage.stats.outOfOrderSamples++
      throw ERR_OUT_OF_ORDER_SAMPLE
    }
    this.batch.hists.push({ ref: s.ref, t, h: copyHistogram(h) })
    return s.ref
  }

  commit(): Promise<void> {
    if (this.done) return Promise.reject(ERR_APPENDER_CLOSED)
    this.done = true
    this.storage.commitBatch(this.created, this.batch)
    return Promise.resolve()
  }

  rollback(): Promise<void> {
    this.done = true
    return Promise.resolve()
  }
}
