import { WatchfireError } from '../errors.js'
import type { Exemplar, LabelRecord } from '../metric-family.js'
import type { ProtoWriter } from '../protobuf/wire-writer.js'
import { ExemplarTag, LabelPairTag, TimestampTag } from './protobuf-schema.js'

/** Whether `n` fits a uint64 count field exactly (otherwise it goes into a `*_float` field). */
export function isIntegerCount(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0
}

/** Names what is being encoded in error messages, e.g. `histogram family "rpc_seconds"`. */
export function encodeError(problem: string, familyName: string): WatchfireError {
  return new WatchfireError('ERR_ENCODE', `cannot encode protobuf MetricFamily "${familyName}": ${problem}`)
}

/** Writes each label as a repeated LabelPair field `labelTag`, in the record's order. */
export function writeLabels(w: ProtoWriter, labelTag: number, labels: LabelRecord): void {
  for (const name in labels) {
    w.uint32(labelTag)
    const start = w.fork()
    w.stringField(LabelPairTag.name, name)
    w.stringField(LabelPairTag.value, labels[name] as string)
    w.join(start)
  }
}

/** Writes milliseconds since the epoch as a google.protobuf.Timestamp field. */
export function writeTimestamp(w: ProtoWriter, fieldTag: number, ms: number): void {
  let seconds = Math.floor(ms / 1000)
  let nanos = Math.round((ms - seconds * 1000) * 1e6)
  if (nanos >= 1e9) {
    seconds += 1
    nanos -= 1e9
  }
  w.uint32(fieldTag)
  const start = w.fork()
  w.int64Field(TimestampTag.seconds, seconds)
  if (nanos !== 0) {
    w.uint32(TimestampTag.nanos)
    w.int32(nanos)
  }
  w.join(start)
}

/** Writes an Exemplar field. */
export function writeExemplar(w: ProtoWriter, fieldTag: number, exemplar: Exemplar): void {
  w.uint32(fieldTag)
  const start = w.fork()
  writeLabels(w, ExemplarTag.label, exemplar.labels)
  w.doubleField(ExemplarTag.value, exemplar.value)
  if (exemplar.timestampMs !== undefined) writeTimestamp(w, ExemplarTag.timestamp, exemplar.timestampMs)
  w.join(start)
}

/** Writes a packed repeated double field (proto3 packs repeated scalars by default). */
export function writePackedDoubles(w: ProtoWriter, fieldTag: number, values: readonly number[]): void {
  if (values.length === 0) return
  w.uint32(fieldTag)
  w.uint32(values.length * 8)
  for (const v of values) w.double(v)
}
