import { ProtoWriter, type LabelRecord, type Labels, type NativeHistogram } from '@watchfire/model'
import { encodeHistogram } from './histogram-proto.js'

const TWO_POW_32 = 4294967296

/** Metric types of `prometheus.MetricMetadata.MetricType`, by the exposition's names. */
const METADATA_TYPES: Readonly<Record<string, number>> = {
  unknown: 0,
  counter: 1,
  gauge: 2,
  histogram: 3,
  gaugehistogram: 4,
  summary: 5,
  info: 6,
  stateset: 7,
}

/** One `prometheus.MetricMetadata` entry of a write request. */
export interface WriteMetadata {
  family: string
  type: string
  help: string
  unit: string
}

/**
 * The `Label` fields (1) of a `prometheus.TimeSeries` for a label set, sorted by name as the
 * protocol requires. Encoded once per series and copied into every request that carries it.
 */
export function encodeLabels(labels: Labels): Uint8Array {
  const w = new ProtoWriter(256)
  labels.forEach((name, value) => {
    w.uint32(0x0a)
    const at = w.fork()
    w.stringField(0x0a, name)
    w.stringField(0x12, value)
    w.join(at)
  })
  return w.finish()
}

/**
 * Builds one remote-write 1.0 `prometheus.WriteRequest` in a reusable buffer. Each time series is
 * written as its pre-encoded labels (see {@link encodeLabels}) followed by its samples; the caller
 * groups a series' samples so its labels are written once per request. Reset and reuse it per request.
 */
export class WriteRequestBuilder {
  private buf = Buffer.allocUnsafe(1 << 16)
  private pos = 0
  private readonly scratch = new ProtoWriter(1024)
  private seriesStart = -1

  /** Bytes written so far. */
  get length(): number {
    return this.pos
  }

  /** Forgets the request but keeps the buffer. */
  reset(): void {
    this.pos = 0
    this.seriesStart = -1
  }

  /** A view of the encoded request, valid until the next change. */
  view(): Uint8Array {
    return this.buf.subarray(0, this.pos)
  }

  private ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return
    let size = this.buf.length * 2
    while (size < this.pos + extra) size *= 2
    const next = Buffer.allocUnsafe(size)
    this.buf.copy(next, 0, 0, this.pos)
    this.buf = next
  }

  private varint(n: number): void {
    const buf = this.buf
    let pos = this.pos
    if (n < 0) {
      // Two's complement over 64 bits: timestamps before 1970 are rare enough for a BigInt.
      let x = BigInt.asUintN(64, BigInt(n))
      while (x > 0x7fn) {
        buf[pos++] = Number(x & 0x7fn) | 0x80
        x >>= 7n
      }
      buf[pos++] = Number(x)
    } else {
      while (n >= TWO_POW_32) {
        buf[pos++] = (n % 128) | 0x80
        n = Math.floor(n / 128)
      }
      while (n > 0x7f) {
        buf[pos++] = (n & 0x7f) | 0x80
        n >>>= 7
      }
      buf[pos++] = n
    }
    this.pos = pos
  }

  /** Starts a `TimeSeries` (field 1) with the given encoded labels. */
  beginSeries(labelBytes: Uint8Array): void {
    this.endSeries()
    this.ensure(labelBytes.length + 16)
    this.buf[this.pos++] = 0x0a
    // Five bytes reserved for the length, squeezed out in endSeries() when shorter.
    this.seriesStart = this.pos
    this.pos += 5
    this.buf.set(labelBytes, this.pos)
    this.pos += labelBytes.length
  }

  /** Adds a float sample (`Sample`, field 2) to the current series. */
  sample(t: number, v: number): void {
    this.ensure(24)
    const buf = this.buf
    const start = this.pos
    buf[start] = 0x12
    // Body: 0x09 + 8 bytes of value, then 0x10 + the timestamp varint (length patched below).
    buf[start + 2] = 0x09
    buf.writeDoubleLE(v, start + 3)
    this.pos = start + 11
    if (t !== 0) {
      buf[this.pos++] = 0x10
      this.varint(t)
    }
    buf[start + 1] = this.pos - start - 2
  }

  /** Adds a native histogram sample (`Histogram`, field 4) to the current series. */
  histogram(t: number, h: NativeHistogram): void {
    const w = this.scratch
    w.reset()
    encodeHistogram(w, t, h)
    const body = w.finish()
    this.ensure(body.length + 8)
    this.buf[this.pos++] = 0x22
    this.varint(body.length)
    this.buf.set(body, this.pos)
    this.pos += body.length
  }

  /** Adds an exemplar (`Exemplar`, field 3: labels sorted by name, value, timestamp) to the current series. */
  exemplar(labels: LabelRecord, value: number, t: number): void {
    const w = this.scratch
    w.reset()
    for (const name of Object.keys(labels).sort()) {
      w.uint32(0x0a)
      const at = w.fork()
      w.stringField(0x0a, name)
      w.stringField(0x12, labels[name] as string)
      w.join(at)
    }
    w.doubleField(0x11, value)
    w.int64Field(0x18, t)
    const body = w.finish()
    this.ensure(body.length + 8)
    this.buf[this.pos++] = 0x1a
    this.varint(body.length)
    this.buf.set(body, this.pos)
    this.pos += body.length
  }

  /** Ends the current series, writing its length. */
  endSeries(): void {
    const start = this.seriesStart
    if (start < 0) return
    this.seriesStart = -1
    const len = this.pos - start - 5
    let size = 1
    while (len >= 2 ** (7 * size)) size++
    const buf = this.buf
    if (size < 5) buf.copyWithin(start + size, start + 5, this.pos)
    let n = len
    let p = start
    while (n > 0x7f) {
      buf[p++] = (n & 0x7f) | 0x80
      n >>>= 7
    }
    buf[p] = n
    this.pos -= 5 - size
  }

  /** Adds a `MetricMetadata` entry (field 3). */
  metadata(m: WriteMetadata): void {
    this.endSeries()
    const w = this.scratch
    w.reset()
    const type = METADATA_TYPES[m.type] ?? 0
    if (type !== 0) {
      w.uint32(0x08)
      w.uint32(type)
    }
    w.stringField(0x12, m.family)
    w.stringField(0x22, m.help)
    w.stringField(0x2a, m.unit)
    const body = w.finish()
    this.ensure(body.length + 8)
    this.buf[this.pos++] = 0x1a
    this.varint(body.length)
    this.buf.set(body, this.pos)
    this.pos += body.length
  }
}
