import { gzip } from 'node:zlib'
import { promisify } from 'node:util'
import { acceptsGzip } from './accept-encoding.js'

const gzipAsync = promisify(gzip)

/** A scrape serialized in the format the scraper asked for. */
export interface SerializedMetrics {
  contentType: string
  body: string | Uint8Array
}

/**
 * What the HTTP layer needs from a registry: a scrape serialized for an `Accept` header (text
 * 0.0.4, OpenMetrics or protobuf). `Registry` implements it.
 */
export interface ExpositionSource {
  /** Collects and serializes; rejects when a collector fails. */
  serialize(accept?: string): Promise<SerializedMetrics>
}

/** The request facts that decide a metrics response. */
export interface MetricsRequest {
  method: string
  /** The `Accept` header, used to choose text 0.0.4, OpenMetrics or protobuf. */
  accept?: string
  /** The `Accept-Encoding` header; `gzip` compresses the body. */
  acceptEncoding?: string
}

/** Options of the metrics endpoint, shared by {@link renderMetrics} and every adapter. */
export interface MetricsEndpointOptions {
  /** Compress the body when the scraper accepts gzip; default true. */
  gzip?: boolean
  /**
   * Send `Vary: Accept, Accept-Encoding`, which shared caches need; default true. Off where a response
   * must match client_golang's promhttp, which sends none (the server's own /metrics, as Prometheus's).
   */
  vary?: boolean
}

/** A framework-neutral response: each adapter copies it onto its own response object. */
export interface MetricsResponse {
  status: number
  headers: Record<string, string>
  /**
   * Also set for HEAD requests, so `content-length` and the body agree: `node:http` and every
   * framework drop the body of a HEAD response themselves.
   */
  body: Buffer | string
}

/**
 * Renders a scrape of `source` as an HTTP response: content negotiation from `Accept`, gzip when
 * accepted, GET and HEAD only (405 for other methods), and a plain-text 500 when collecting fails,
 * so a broken collector costs one scrape, never the process.
 */
export async function renderMetrics(
  source: ExpositionSource,
  request: MetricsRequest,
  options: MetricsEndpointOptions = {},
): Promise<MetricsResponse> {
  const method = request.method.toUpperCase()
  if (method !== 'GET' && method !== 'HEAD') {
    return plain(405, `method ${method} not allowed on the metrics endpoint\n`, { allow: 'GET, HEAD' })
  }
  let serialized: SerializedMetrics
  try {
    serialized = await source.serialize(request.accept)
  } catch (err) {
    if (hasCode(err, 'ERR_CONTENT_TYPE')) return plain(406, `cannot serve metrics (${describe(err)})\n`)
    return plain(500, `cannot collect metrics (${describe(err)})\n`)
  }
  let body = toBuffer(serialized.body)
  const headers: Record<string, string> = { 'content-type': serialized.contentType }
  if (options.vary !== false) headers.vary = 'Accept, Accept-Encoding'
  if (options.gzip !== false && acceptsGzip(request.acceptEncoding)) {
    body = await gzipAsync(body)
    headers['content-encoding'] = 'gzip'
  }
  headers['content-length'] = String(body.byteLength)
  return { status: 200, headers, body }
}

// Frameworks recognise a Buffer as a binary body (koa would serialize a bare Uint8Array as JSON).
function toBuffer(body: string | Uint8Array): Buffer {
  if (typeof body === 'string') return Buffer.from(body, 'utf8')
  return Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength)
}

function plain(status: number, text: string, extra: Record<string, string> = {}): MetricsResponse {
  return {
    status,
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
      ...extra,
    },
    body: text,
  }
}

function hasCode(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : ''
    return `${err.message}${cause}`
  }
  return String(err)
}
