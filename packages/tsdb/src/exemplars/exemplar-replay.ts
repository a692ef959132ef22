import type { HeadSeries } from '../head/head-series.js'
import { decodeExemplarsRecord, EXEMPLARS_RECORD_TYPE } from './exemplar-record.js'
import type { ExemplarStorage } from './exemplar-storage.js'

/**
 * Replays one WAL record into `storage` if it is an Exemplars record: each exemplar goes to the
 * series `find` maps its ref to (exemplars of unknown series are dropped). Returns false for any
 * other record type; throws RangeError for a malformed one.
 */
export function replayExemplarsRecord(
  rec: Uint8Array,
  find: (ref: number) => HeadSeries | undefined,
  storage: ExemplarStorage,
): boolean {
  if (rec[0] !== EXEMPLARS_RECORD_TYPE) return false
  for (const e of decodeExemplarsRecord(rec)) {
    const series = find(e.ref)
    if (series !== undefined) storage.add(series.labels, e)
  }
  return true
}
