import type { Exemplar } from '@watchfire/model'
import { ByteWriter } from '../encoding/byte-writer.js'
import type { Head } from '../head/head.js'
import type { HeadSeries } from '../head/head-series.js'
import { encodeExemplarsRecord, type RefExemplar } from './exemplar-record.js'
import type { ExemplarStorage } from './exemplar-storage.js'

/**
 * The exemplars of one head appender's batch: validated when appended (duplicates of the series'
 * newest exemplar dropped, out-of-order ones dropped and counted), logged to the WAL with the
 * batch's samples and stored at commit. Rejections never throw, so a scrape need not handle them.
 */
export class ExemplarBatch {
  private readonly storage: ExemplarStorage
  private pending: { series: HeadSeries; exemplar: Exemplar & { timestampMs: number } }[] = []

  /** A batch storing into `storage`. */
  constructor(storage: ExemplarStorage) {
    this.storage = storage
  }

  /**
   * Queues `e` (which must carry a timestamp) for the series `ref`, as returned by appending a
   * sample of it. Returns the ref, or 0 when no such series exists.
   */
  add(head: Head, ref: number, e: Exemplar): number {
    const series = ref !== 0 ? head.series(ref) : undefined
    if (series === undefined) return 0
    if (this.storage.maxExemplars === 0 || e.timestampMs === undefined) return ref
    const verdict = this.storage.validate(series.labels, e)
    if (verdict === 'out-of-order') this.storage.countOutOfOrder()
    if (verdict !== undefined) return series.ref
    this.pending.push({ series, exemplar: { labels: e.labels, value: e.value, timestampMs: e.timestampMs } })
    return series.ref
  }

  /**
   * `records` with an Exemplars record appended when the batch has exemplars of series the WAL
   * knows (or learns from `records`, listed in `fresh`).
   */
  withWalRecord(records: Uint8Array[], fresh: readonly HeadSeries[]): Uint8Array[] {
    if (this.pending.length === 0) return records
    const logged: RefExemplar[] = []
    for (const p of this.pending) {
      if (!p.series.walLogged && !fresh.includes(p.series)) continue
      logged.push({ ref: p.series.ref, ...p.exemplar })
    }
    if (logged.length === 0) return records
    const w = new ByteWriter(256)
    encodeExemplarsRecord(w, logged)
    records.push(Buffer.from(w.view()))
    return records
  }

  /** Stores the queued exemplars (re-checked against exemplars other batches stored meanwhile). */
  commit(): void {
    for (const p of this.pending) this.storage.add(p.series.labels, p.exemplar)
    this.pending = []
  }

  /** Forgets the queued exemplars. */
  clear(): void {
    this.pending = []
  }
}
