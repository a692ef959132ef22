import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import { createDeflate, createGzip, type Deflate, type Gzip } from 'node:zlib'

/** A content coding the API and /federate answer with. */
export type ResponseEncoding = 'gzip' | 'deflate'

/**
 * The coding Prometheus's compression handler picks: the first `Accept-Encoding` entry that is
 * exactly `gzip` or `deflate` after trimming spaces. Parameters such as `;q=1` and other letter
 * cases are not recognised, as in Prometheus 2.42, so such a request gets an uncompressed answer.
 */
export function negotiateEncoding(
  acceptEncoding: string | string[] | undefined,
): ResponseEncoding | undefined {
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : (acceptEncoding ?? '')
  for (const part of header.split(',')) {
    const coding = part.trim()
    if (coding === 'gzip' || coding === 'deflate') return coding
  }
  return undefined
}

type WriteCallback = (err?: Error | null) => void

function isContentLength(name: string): boolean {
  return name.toLowerCase() === 'content-length'
}

function withoutContentLength(headers: OutgoingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {}
  for (const [name, value] of Object.entries(headers)) if (!isContentLength(name)) out[name] = value
  return out
}

/**
 * Makes `res` send its body compressed when the request accepts gzip or deflate (zlib format, as
 * Go's compress/zlib writes it), like Prometheus's httputil.CompressionHandler: every body is
 * compressed, even an empty one. Handlers keep writing to `res` as usual; the body streams through
 * the compressor chunk by chunk, with backpressure, and any Content-Length they set is dropped.
 */
export function compressResponse(req: IncomingMessage, res: ServerResponse): void {
  const encoding = negotiateEncoding(req.headers['accept-encoding'])
  if (encoding === undefined) return
  const zip: Gzip | Deflate = encoding === 'gzip' ? createGzip() : createDeflate()
  const rawWrite = res.write.bind(res) as (chunk: Buffer) => boolean
  const rawEnd = res.end.bind(res) as (cb?: () => void) => ServerResponse
  const rawSetHeader = res.setHeader.bind(res)
  const rawWriteHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse

  res.setHeader('Content-Encoding', encoding)
  res.setHeader = (name, value) => (isContentLength(name) ? res : rawSetHeader(name, value))
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    const last = rest[rest.length - 1]
    if (typeof last === 'object' && last !== null && !Array.isArray(last))
      rest[rest.length - 1] = withoutContentLength(last as OutgoingHttpHeaders)
    return rawWriteHead(status, ...rest)
  }) as ServerResponse['writeHead']

  res.write = ((chunk: unknown, encodingOrCb?: unknown, cb?: unknown) => {
    const callback = (typeof encodingOrCb === 'function' ? encodingOrCb : cb) as WriteCallback | undefined
    const text = typeof encodingOrCb === 'string' ? (encodingOrCb as BufferEncoding) : 'utf8'
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, text) : (chunk as Uint8Array)
    return zip.write(bytes, callback)
  }) as ServerResponse['write']
  res.end = ((chunk?: unknown, encodingOrCb?: unknown, cb?: unknown) => {
    const callback = [chunk, encodingOrCb, cb].find((a) => typeof a === 'function') as
      (() => void) | undefined
    if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') {
      const text = typeof encodingOrCb === 'string' ? (encodingOrCb as BufferEncoding) : 'utf8'
      zip.write(typeof chunk === 'string' ? Buffer.from(chunk, text) : (chunk as Uint8Array))
    }
    if (callback !== undefined) res.once('finish', callback)
    zip.end()
    return res
  }) as ServerResponse['end']

  zip.on('data', (out: Buffer) => {
    if (!rawWrite(out)) zip.pause()
  })
  zip.on('end', () => rawEnd())
  // Writers that waited for the compressor to drain are told through the response, as before.
  zip.on('drain', () => res.emit('drain'))
  res.on('drain', () => zip.resume())
  res.once('close', () => {
    if (!res.writableFinished) zip.destroy()
  })
  zip.once('error', (err) => res.destroy(err))
}
