import {
  Matcher,
  ProtoReader,
  ProtoWriter,
  type Labels,
  type MatchType,
  type NativeHistogram,
} from '@watchfire/model'
import type { SelectHints } from '@watchfire/storage'
import { RemoteReadError } from './read-error.js'
import { writeHistogram } from './histogram-proto.js'

/** `prometheus.ReadRequest.ResponseType`: how the server may answer. */
export const ResponseType = { Samples: 0, StreamedXorChunks: 1 } as const

/** One of {@link ResponseType}'s members. */
export type ResponseType = (typeof ResponseType)[keyof typeof ResponseType]

/** One `prometheus.Query` of a read request. */
export interface ReadQuery {
  startMs: number
  endMs: number
  matchers: Matcher[]
  /** Absent when the client sent none (Prometheus then selects without hints). */
  hints: SelectHints | undefined
}

/** A decoded `prometheus.ReadRequest`. */
export interface ReadRequest {
  queries: ReadQuery[]
  acceptedResponseTypes: number[]
}

/** `prometheus.LabelMatcher.Type` in wire order. */
const MATCH_TYPES: readonly MatchType[] = ['=', '!=', '=~', '!~']

function decodeMatcher(r: ProtoReader): Matcher {
  let type = 0
  let name = ''
  let value = ''
  const outer = r.enter()
  while (r.more()) {
    const tag = r.tag()
    if (tag === 0x08) type = r.uint32()
    else if (tag === 0x12) name = r.string()
    else if (tag === 0x1a) value = r.string()
    else r.skip(tag)
  }
  r.leave(outer)
  const matchType = MATCH_TYPES[type]
  if (matchType === undefined) r.fail(`unknown label matcher type ${type}`)
  return new Matcher(matchType, name, value)
}

function decodeHints(r: ProtoReader): SelectHints {
  const hints: SelectHints = { start: 0, end: 0 }
  const outer = r.enter()
  while (r.more()) {
    const tag = r.tag()
    if (tag === 0x08) hints.step = r.int64()
    else if (tag === 0x12) hints.func = r.string()
    else if (tag === 0x18) hints.start = r.int64()
    else if (tag === 0x20) hints.end = r.int64()
    else if (tag === 0x38) hints.range = r.int64()
    else r.skip(tag) // grouping (5) and by (6) steer nothing in our stores
  }
  r.leave(outer)
  return hints
}

function decodeQuery(r: ProtoReader): ReadQuery {
  const q: ReadQuery = { startMs: 0, endMs: 0, matchers: [], hints: undefined }
  const outer = r.enter()
  while (r.more()) {
    const tag = r.tag()
    if (tag === 0x08) q.startMs = r.int64()
    else if (tag === 0x10) q.endMs = r.int64()
    else if (tag === 0x1a) q.matchers.push(decodeMatcher(r))
    else if (tag === 0x22) q.hints = decodeHints(r)
    else r.skip(tag)
  }
  r.leave(outer)
  return q
}

/**
 * Decodes a `prometheus.ReadRequest` (already snappy-decompressed). A bad regex matcher throws the
 * model's InvalidRegexError; malformed protobuf throws ParseError naming the byte offset.
 */
export function decodeReadRequest(bytes: Uint8Array): ReadRequest {
  const r = new ProtoReader(bytes, 'protobuf ReadRequest')
  const req: ReadRequest = { queries: [], acceptedResponseTypes: [] }
  while (r.more()) {
    const tag = r.tag()
    if (tag === 0x0a) req.queries.push(decodeQuery(r))
    else if (tag === 0x10) req.acceptedResponseTypes.push(r.uint32())
    else if (tag === 0x12) {
      // packed repeated enum
      const outer = r.enter()
      while (r.more()) req.acceptedResponseTypes.push(r.uint32())
      r.leave(outer)
    } else r.skip(tag)
  }
  return req
}

function writeLabels(w: ProtoWriter, labels: Labels): void {
  labels.forEach((name, value) => {
    w.uint32(0x0a)
    const at = w.fork()
    w.stringField(0x0a, name)
    w.stringField(0x12, value)
    w.join(at)
  })
}

/** Encodes a `prometheus.ReadRequest` (the client side), ready for snappy. */
export function encodeReadRequest(w: ProtoWriter, req: ReadRequest): void {
  for (const q of req.queries) {
    w.uint32(0x0a)
    const at = w.fork()
    w.int64Field(0x08, q.startMs)
    w.int64Field(0x10, q.endMs)
    for (const m of q.matchers) {
      w.uint32(0x1a)
      const mat = w.fork()
      const type = MATCH_TYPES.indexOf(m.type)
      if (type > 0) {
        w.uint32(0x08)
        w.uint32(type)
      }
      w.stringField(0x12, m.name)
      w.stringField(0x1a, m.value)
      w.join(mat)
    }
    if (q.hints !== undefined) {
      w.uint32(0x22)
      const h = w.fork()
      w.int64Field(0x08, q.hints.step ?? 0)
      w.stringField(0x12, q.hints.func ?? '')
      w.int64Field(0x18, q.hints.start)
      w.int64Field(0x20, q.hints.end)
      w.int64Field(0x38, q.hints.range ?? 0)
      w.join(h)
    }
    w.join(at)
  }
  for (const t of req.acceptedResponseTypes) {
    w.uint32(0x10)
    w.uint32(t)
  }
}

/**
 * Streams one `prometheus.ReadResponse` into a writer: call `beginResult()` per query, then
 * `series()` per series with its samples, then `endResult()`. The encoding is the samples response
 * type; TimeSeries are the same messages remote write sends.
 */
export class ReadResponseWriter {
  private readonly w: ProtoWriter
  private result = -1

  constructor(w: ProtoWriter) {
    this.w = w
  }

  /** Starts the next `QueryResult`. */
  beginResult(): void {
    this.w.uint32(0x0a)
    this.result = this.w.fork()
  }

  /** Ends the current `QueryResult`. */
  endResult(): void {
    this.w.join(this.result)
    this.result = -1
  }

  /**
   * Writes one TimeSeries; `ts`/`vs` hold `n` float samples, `hs` the histogram samples. Returns the
   * bytes the series took.
   */
  series(
    labels: Labels,
    ts: ArrayLike<number>,
    vs: ArrayLike<number>,
    n: number,
    hs: readonly { t: number; h: NativeHistogram }[],
  ): number {
    const w = this.w
    const before = w.length
    w.uint32(0x0a)
    const at = w.fork()
    writeLabels(w, labels)
    for (let i = 0; i < n; i++) {
      w.uint32(0x12)
      const s = w.fork()
      w.doubleField(0x09, vs[i] as number)
      w.int64Field(0x10, ts[i] as number)
      w.join(s)
    }
    for (const { t, h } of hs) writeHistogram(w, t, h)
    w.join(at)
    return w.length - before
  }
}

function varintAt(bytes: Uint8Array, at: number): [value: number, next: number] {
  let value = 0
  let scale = 1
  for (let i = at; i < bytes.length && i < at + 10; i++) {
    const b = bytes[i] as number
    value += (b & 0x7f) * scale
    if (b < 0x80) return [value, i + 1]
    scale *= 128
  }
  throw new RemoteReadError(`cannot decode protobuf ReadResponse (truncated varint at byte ${at})`)
}

/**
 * Splits a decoded `prometheus.ReadResponse` into its QueryResults' bodies; each QueryResult has
 * the wire shape of a WriteRequest (TimeSeries in field 1), so it decodes with the same reader.
 */
export function splitReadResponse(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = []
  let at = 0
  while (at < bytes.length) {
    const [tag, afterTag] = varintAt(bytes, at)
    // ReadResponse has no other field; anything else means the body is not a ReadResponse.
    if (tag !== 0x0a)
      throw new RemoteReadError(
        `cannot decode protobuf ReadResponse (unexpected field tag ${tag} at byte ${at})`,
      )
    const [len, body] = varintAt(bytes, afterTag)
    if (body + len > bytes.length)
      throw new RemoteReadError(
        `cannot decode protobuf ReadResponse (result at byte ${at} runs past the end)`,
      )
    out.push(bytes.subarray(body, body + len))
    at = body + len
  }
  return out
}
