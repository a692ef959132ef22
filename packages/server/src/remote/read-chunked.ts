import { ProtoWriter, type Labels, type NativeHistogram } from '@watchfire/model'
import { isStaleNaN, ValueType, type SampleIterator } from '@watchfire/storage'
import { CounterResetHeader, crc32c, HistogramChunkEncoder, XorChunkEncoder } from '@watchfire/tsdb'

/** `prometheus.Chunk.Encoding` values we write. */
export const ChunkEncoding = { Xor: 1, Histogram: 2 } as const

/** One chunk of a `prometheus.ChunkedSeries`. */
export interface EncodedChunk {
  minTimeMs: number
  maxTimeMs: number
  type: number
  data: Uint8Array
}

/** Prometheus cuts head chunks at 120 samples; remote-read chunks follow suit. */
const SAMPLES_PER_CHUNK = 120

const RESET_HEADERS: Readonly<Record<string, CounterResetHeader>> = {
  reset: CounterResetHeader.Reset,
  'not-reset': CounterResetHeader.NotReset,
  gauge: CounterResetHeader.Gauge,
}

function isIntegerHistogram(h: NativeHistogram): boolean {
  if (!Number.isSafeInteger(h.count) || !Number.isSafeInteger(h.zeroCount)) return false
  for (const b of h.positiveBuckets) if (!Number.isSafeInteger(b)) return false
  for (const b of h.negativeBuckets) if (!Number.isSafeInteger(b)) return false
  return h.customValues === undefined
}

/**
 * Re-encodes a series' samples as chunks in time order: floats as XOR chunks of up to 120 samples,
 * each integer native histogram as a histogram chunk of its own (its layout is the chunk's). Float
 * histograms have no chunk encoding in 2.42's format and are counted in the result's `skipped`.
 */
export function encodeChunks(it: SampleIterator): { chunks: EncodedChunk[]; skipped: number } {
  const chunks: EncodedChunk[] = []
  let skipped = 0
  let xor: XorChunkEncoder | undefined
  let minT = 0
  const cutXor = (): void => {
    if (xor === undefined || xor.numSamples === 0) return
    chunks.push({ minTimeMs: minT, maxTimeMs: xor.lastT, type: ChunkEncoding.Xor, data: xor.bytes() })
    xor = undefined
  }
  for (let kind = it.next(); kind !== ValueType.None; kind = it.next()) {
    const t = it.atT()
    if (kind === ValueType.Float) {
      if (xor === undefined) {
        xor = new XorChunkEncoder()
        minT = t
      }
      xor.append(t, it.atF())
      if (xor.numSamples >= SAMPLES_PER_CHUNK) cutXor()
      continue
    }
    cutXor()
    const h = it.atHistogram()
    if (!isIntegerHistogram(h)) {
      skipped++
      continue
    }
    const enc = new HistogramChunkEncoder(
      h,
      RESET_HEADERS[h.counterResetHint ?? ''] ?? CounterResetHeader.Unknown,
    )
    enc.append(t, h, isStaleNaN(h.sum))
    chunks.push({ minTimeMs: t, maxTimeMs: t, type: ChunkEncoding.Histogram, data: enc.bytes() })
  }
  cutXor()
  const err = it.err()
  if (err !== undefined) throw err
  return { chunks, skipped }
}

function varint(n: number, out: number[]): void {
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80)
    n = Math.floor(n / 128)
  }
  out.push(n)
}

/** Prefixes `payload` with a length-delimited field tag and its length. */
function lengthDelimited(tag: number, payload: Uint8Array): Uint8Array {
  const head: number[] = []
  varint(tag, head)
  varint(payload.length, head)
  const out = new Uint8Array(head.length + payload.length)
  out.set(head)
  out.set(payload, head.length)
  return out
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let size = 0
  for (const p of parts) size += p.length
  const out = new Uint8Array(size)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** The encoded `prometheus.Label` fields (tag 1) of a label set, reused by every frame of a series. */
export function encodeLabelFields(labels: Labels): Uint8Array {
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

/** Bytes one chunk takes inside a ChunkedSeries, for the frame size budget. */
export function chunkSize(c: EncodedChunk): number {
  return c.data.length + 32
}

/**
 * Encodes one `prometheus.ChunkedReadResponse` holding one series (its encoded label fields and
 * `chunks`) for query `queryIndex`, and wraps it as a frame of Prometheus's chunked stream:
 * uvarint length, CRC32-Castagnoli of the message (big endian), the message.
 */
export function chunkedFrame(
  labelFields: Uint8Array,
  chunks: readonly EncodedChunk[],
  queryIndex: number,
): Uint8Array {
  const parts: Uint8Array[] = [labelFields]
  const w = new ProtoWriter(64)
  for (const c of chunks) {
    w.reset()
    w.int64Field(0x08, c.minTimeMs)
    w.int64Field(0x10, c.maxTimeMs)
    w.uint32(0x18)
    w.uint32(c.type)
    parts.push(lengthDelimited(0x12, concat([w.finish(), lengthDelimited(0x22, c.data)])))
  }
  w.reset()
  w.int64Field(0x10, queryIndex)
  const message = concat([lengthDelimited(0x0a, concat(parts)), w.finish()])
  const head: number[] = []
  varint(message.length, head)
  const frame = new Uint8Array(head.length + 4 + message.length)
  frame.set(head)
  new DataView(frame.buffer).setUint32(head.length, crc32c(message) >>> 0, false)
  frame.set(message, head.length + 4)
  return frame
}
