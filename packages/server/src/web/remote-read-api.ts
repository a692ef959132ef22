import type { IncomingMessage, ServerResponse } from 'node:http'
import { compress, uncompress } from 'snappyjs'
import { copyHistogram, ProtoWriter, type Labels, type Matcher, type NativeHistogram } from '@watchfire/model'
import { ValueType, type Queryable, type SampleIterator, type SeriesSet } from '@watchfire/storage'
import {
  decodeReadRequest,
  ReadResponseWriter,
  ResponseType,
  type ReadRequest,
} from '../remote/read-proto.js'
import { ApiError } from './api-error.js'
import { readBody } from './request-body.js'
import { streamChunkedResponse } from './remote-read-stream.js'

/** Options of {@link remoteReadHandler}; the limits are Prometheus's `--storage.remote.read-*` flags. */
export interface RemoteReadHandlerOptions {
  /** What the endpoint reads from (the local TSDB merged with remote reads, as Prometheus's fanout). */
  queryable: Queryable
  /** The configuration's external labels, added to every returned series. */
  externalLabels(): Labels
  /** --storage.remote.read-sample-limit: most samples one query may return; 0 for no limit. Default 5e7. */
  sampleLimit?: number
  /** --storage.remote.read-concurrent-limit: requests served at once, others wait; 0 for no limit. Default 10. */
  concurrentLimit?: number
  /** --storage.remote.read-max-bytes-in-frame, for the streamed response type. Default 1 MiB. */
  maxBytesInFrame?: number
  /** Largest compressed request body accepted; default 32 MiB. */
  maxBodyBytes?: number
  log?: (message: string) => void
}

/** A failure answered with a status and a plain-text message, as Prometheus's remote.HTTPError. */
class ReadHttpError extends Error {
  readonly status: number

  constructor(status: number, message: string) {
    super(message)
    this.status = status
  }
}

/** Admits at most `limit` holders; the rest queue in arrival order. */
class Gate {
  private active = 0
  private readonly waiting: (() => void)[] = []
  private readonly limit: number

  constructor(limit: number) {
    this.limit = limit
  }

  async enter(): Promise<void> {
    if (this.limit <= 0 || this.active < this.limit) {
      this.active++
      return
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve))
  }

  leave(): void {
    const next = this.waiting.shift()
    if (next !== undefined) next()
    else this.active--
  }
}

/**
 * Drops equality matchers that the external labels already satisfy, as Prometheus does: stored
 * series do not carry external labels, so such a matcher would otherwise match nothing.
 */
export function filterExternalMatchers(matchers: readonly Matcher[], external: Labels): Matcher[] {
  return matchers.filter((m) => !(m.type === '=' && external.has(m.name) && external.get(m.name) === m.value))
}

/** The series' labels with the external labels it lacks added; its own labels win. */
export function withExternalLabels(labels: Labels, external: Labels): Labels {
  let out = labels
  external.forEach((name, value) => {
    if (!labels.has(name)) out = out.with(name, value)
  })
  return out
}

/** Growable sample columns reused across series, so reading allocates nothing per sample. */
class SampleColumns {
  ts = new Float64Array(1024)
  vs = new Float64Array(1024)
  n = 0
  readonly hs: { t: number; h: NativeHistogram }[] = []

  fill(it: SampleIterator): void {
    this.n = 0
    this.hs.length = 0
    for (let type = it.next(); type !== ValueType.None; type = it.next()) {
      if (type === ValueType.Histogram) {
        this.hs.push({ t: it.atT(), h: copyHistogram(it.atHistogram()) })
        continue
      }
      if (this.n === this.ts.length) this.grow()
      this.ts[this.n] = it.atT()
      this.vs[this.n] = it.atF()
      this.n++
    }
    const err = it.err()
    if (err !== undefined) throw err
  }

  private grow(): void {
    const ts = new Float64Array(this.ts.length * 2)
    const vs = new Float64Array(this.vs.length * 2)
    ts.set(this.ts)
    vs.set(this.vs)
    this.ts = ts
    this.vs = vs
  }
}

function writeResult(
  out: ReadResponseWriter,
  set: SeriesSet,
  external: Labels,
  sampleLimit: number,
  columns: SampleColumns,
): readonly string[] {
  let samples = 0
  let reuse: SampleIterator | undefined
  out.beginResult()
  while (set.next()) {
    const series = set.at()
    reuse = series.iterator(reuse)
    columns.fill(reuse)
    samples += columns.n + columns.hs.length
    if (sampleLimit > 0 && samples > sampleLimit)
      throw new ReadHttpError(400, `exceeded sample limit (${sampleLimit})`)
    out.series(withExternalLabels(series.labels, external), columns.ts, columns.vs, columns.n, columns.hs)
  }
  const err = set.err()
  if (err !== undefined) throw err
  out.endResult()
  return set.warnings()
}

function plain(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' })
  res.end(`${message}\n`)
}

async function decode(req: IncomingMessage, maxBodyBytes: number): Promise<ReadRequest> {
  const body = await readBody(req, maxBodyBytes)
  let raw: Uint8Array
  try {
    raw = uncompress(new Uint8Array(body.buffer, body.byteOffset, body.byteLength), maxBodyBytes * 8)
  } catch (err) {
    throw new ReadHttpError(400, `snappy: ${(err as Error).message}`)
  }
  try {
    return decodeReadRequest(raw)
  } catch (err) {
    throw new ReadHttpError(400, (err as Error).message)
  }
}

const TYPE_NAMES = ['SAMPLES', 'STREAMED_XOR_CHUNKS']

/** Prometheus's NegotiateResponseType: the first accepted type we serve, samples when none is named. */
function negotiate(accepted: readonly number[]): ResponseType {
  if (accepted.length === 0) return ResponseType.Samples
  for (const t of accepted) if (t === ResponseType.Samples || t === ResponseType.StreamedXorChunks) return t
  const names = accepted.map((t) => TYPE_NAMES[t] ?? String(t)).join(' ')
  throw new ReadHttpError(
    400,
    `server does not support any of the requested response types: [${names}]; supported: map[SAMPLES:{} STREAMED_XOR_CHUNKS:{}]`,
  )
}

/**
 * POST /api/v1/read, Prometheus's remote read endpoint: a snappy block-compressed
 * `prometheus.ReadRequest` in; out, a snappy-compressed `prometheus.ReadResponse` (samples, the
 * default: Content-Type application/x-protobuf, Content-Encoding snappy) or, when the client asks
 * for it first, a stream of XOR-chunk frames (see streamChunkedResponse). Each query selects with its
 * hints, external labels are added to the results and equality matchers on them dropped; errors are
 * plain text with Prometheus's statuses (400 bad request or sample limit, 500 storage failure).
 */
export function remoteReadHandler(
  options: RemoteReadHandlerOptions,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const gate = new Gate(options.concurrentLimit ?? 10)
  const sampleLimit = options.sampleLimit ?? 5e7
  const maxBody = options.maxBodyBytes ?? 32 << 20
  const log = options.log ?? (() => {})
  const maxBytesInFrame = options.maxBytesInFrame ?? 1 << 20
  const columns = new SampleColumns()
  return async (req, res) => {
    await gate.enter()
    try {
      const request = await decode(req, maxBody)
      const responseType = negotiate(request.acceptedResponseTypes)
      const external = options.externalLabels()
      if (responseType === ResponseType.StreamedXorChunks) {
        await streamChunkedResponse(res, request.queries, {
          queryable: options.queryable,
          externalLabels: external,
          maxBytesInFrame,
          filter: (matchers) => filterExternalMatchers(matchers, external),
          label: (labels) => withExternalLabels(labels, external),
          log,
        })
        return
      }
      const writer = new ProtoWriter()
      const out = new ReadResponseWriter(writer)
      for (const q of request.queries) {
        const matchers = filterExternalMatchers(q.matchers, external)
        const querier = await options.queryable.querier(q.startMs, q.endMs, [{ hints: q.hints, matchers }])
        try {
          const set = querier.select(false, q.hints, ...matchers)
          for (const w of writeResult(out, set, external, sampleLimit, columns))
            log(`level=warn msg="Warnings on remote read query" err=${JSON.stringify(w)}`)
        } finally {
          querier.close()
        }
      }
      const body = compress(writer.finish())
      res.writeHead(200, {
        'Content-Type': 'application/x-protobuf',
        'Content-Encoding': 'snappy',
        'Content-Length': body.byteLength,
      })
      res.end(body)
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      // A stream already under way can only be cut short.
      if (res.headersSent) res.destroy(err instanceof Error ? err : new Error(message))
      else if (err instanceof ReadHttpError) plain(res, err.status, message)
      else if (err instanceof ApiError) plain(res, err.status, message)
      else plain(res, 500, message)
    } finally {
      gate.leave()
    }
  }
}
