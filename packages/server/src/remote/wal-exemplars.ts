import { decodeExemplarsRecord, EXEMPLARS_RECORD_TYPE } from '@watchfire/tsdb'
import type { SeriesEntry } from './series-entry.js'

/** Exemplars a series holds while waiting for its next batch; older ones are dropped past this. */
export const MAX_PENDING_EXEMPLARS_PER_SERIES = 100

/**
 * Reads an Exemplars WAL record (send_exemplars) onto the series it names, to leave with their
 * next batch. Exemplars of unknown or dropped series, or at or before what was sent before a
 * restart, are skipped. Returns the number attached, or -1 when `rec` is another record type.
 */
export function attachExemplars(rec: Uint8Array, series: ReadonlyMap<number, SeriesEntry>): number {
  if (rec[0] !== EXEMPLARS_RECORD_TYPE) return -1
  let attached = 0
  for (const e of decodeExemplarsRecord(rec)) {
    const s = series.get(e.ref)
    if (s === undefined || s.dropped || e.timestampMs <= s.skipUntilT) continue
    const pending = (s.exemplars ??= [])
    if (pending.length >= MAX_PENDING_EXEMPLARS_PER_SERIES) pending.shift()
    pending.push({ labels: e.labels, value: e.value, timestampMs: e.timestampMs })
    attached++
  }
  return attached
}
