import type { LabelRecord } from '@watchfire/model'
import { ByteReader } from '../encoding/byte-reader.js'
import type { ByteWriter } from '../encoding/byte-writer.js'
import { putFloatBits } from '../wal/wal-records.js'

/** Prometheus's WAL record type for exemplars (tsdb/record: `Exemplars = 4`). */
export const EXEMPLARS_RECORD_TYPE = 4

/** One exemplar of a WAL record: the series ref it belongs to, its time (ms), value and labels. */
export interface RefExemplar {
  ref: number
  timestampMs: number
  value: number
  labels: LabelRecord
}

const TWO_32 = 4294967296

/**
 * Exemplars record, as tsdb/record encodes it: the first exemplar's ref and timestamp (BE64), then
 * per exemplar the ref and timestamp as varint deltas from those, the value's bits (BE64) and the
 * labels (uvarint count, then uvarint-prefixed names and values, sorted by name).
 */
export function encodeExemplarsRecord(w: ByteWriter, exemplars: readonly RefExemplar[]): void {
  w.putByte(EXEMPLARS_RECORD_TYPE)
  const first = exemplars[0]
  if (first === undefined) return
  w.putBE64(first.ref)
  const hi = Math.floor(first.timestampMs / TWO_32)
  w.putBE32(hi >>> 0)
  w.putBE32((first.timestampMs - hi * TWO_32) >>> 0)
  for (const e of exemplars) {
    w.putVarint(e.ref - first.ref)
    w.putVarint(e.timestampMs - first.timestampMs)
    putFloatBits(w, e.value)
    const names = Object.keys(e.labels).sort()
    w.putUvarint(names.length)
    for (const name of names) {
      w.putUvarintString(name)
      w.putUvarintString(e.labels[name] as string)
    }
  }
}

/** Decodes an Exemplars record; throws RangeError when it is another type or malformed. */
export function decodeExemplarsRecord(rec: Uint8Array): RefExemplar[] {
  const buf = Buffer.isBuffer(rec) ? rec : Buffer.from(rec.buffer, rec.byteOffset, rec.byteLength)
  const r = new ByteReader(buf)
  const type = r.byte()
  if (type !== EXEMPLARS_RECORD_TYPE) throw new RangeError(`record type ${type} is not Exemplars`)
  const out: RefExemplar[] = []
  if (r.remaining === 0) return out
  const ref0 = r.be64()
  const t0 = (r.be32() | 0) * TWO_32 + r.be32()
  while (r.remaining > 0) {
    const ref = ref0 + r.varint()
    const timestampMs = t0 + r.varint()
    r.skip(8)
    const value = buf.readDoubleBE(r.pos - 8)
    const n = r.uvarint()
    const labels: Record<string, string> = {}
    for (let i = 0; i < n; i++) {
      const name = r.uvarintString()
      labels[name] = r.uvarintString()
    }
    out.push({ ref, timestampMs, value, labels })
  }
  return out
}
