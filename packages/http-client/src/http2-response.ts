import { IncomingMessage, STATUS_CODES, type OutgoingHttpHeaders } from 'node:http'
import {
  constants,
  type ClientHttp2Session,
  type ClientHttp2Stream,
  type IncomingHttpHeaders,
  type IncomingHttpStatusHeader,
} from 'node:http2'
import type { Socket } from 'node:net'

/**
 * An HTTP/2 response as the IncomingMessage every caller of the HTTP client already reads: status,
 * headers, a body stream with back-pressure, `complete` once the body has fully arrived. Destroying
 * it (a body over its size limit, a timeout) cancels this stream alone, not the shared session.
 */
export class Http2Response extends IncomingMessage {
  readonly #stream: ClientHttp2Stream

  constructor(
    stream: ClientHttp2Stream,
    headers: IncomingHttpHeaders & IncomingHttpStatusHeader,
    socket: Socket,
  ) {
    super(socket)
    this.#stream = stream
    this.httpVersion = '2.0'
    this.httpVersionMajor = 2
    this.httpVersionMinor = 0
    this.statusCode = Number(headers[':status'] ?? 0)
    // HTTP/2 has no reason phrase; Go's client shows the standard one, as here.
    this.statusMessage = STATUS_CODES[this.statusCode] ?? ''
    const plain: Record<string, string | string[]> = {}
    for (const [name, value] of Object.entries(headers)) {
      if (name.startsWith(':') || value === undefined) continue
      plain[name] = value
      for (const v of Array.isArray(value) ? value : [String(value)]) this.rawHeaders.push(name, v)
    }
    this.headers = plain
    stream.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) stream.pause()
    })
    stream.once('end', () => {
      this.complete = true
      this.push(null)
    })
    stream.once('error', (err) => this.destroy(err))
    stream.once('close', () => {
      if (!this.complete && !this.destroyed)
        this.destroy(
          new Error(`cannot read response body (HTTP/2 stream closed with code ${stream.rstCode})`),
        )
    })
  }

  override _read(): void {
    this.#stream.resume()
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.#stream.destroyed) this.#stream.close(constants.NGHTTP2_CANCEL)
    callback(err)
  }
}

// Connection-specific headers HTTP/2 forbids (RFC 9113 §8.2.2); Host becomes :authority.
const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'host',
])

/** One request of {@link requestOverHttp2}. */
export interface Http2Request {
  method: string
  path: string
  authority: string
  headers: OutgoingHttpHeaders
  body?: Buffer
  signal: AbortSignal
  /** Called once the stream has closed, however it ended. */
  onClose: () => void
}

/**
 * Sends one request on an HTTP/2 session; resolves with its response once the headers arrive.
 * Connection-specific headers are left out, as HTTP/2 forbids them.
 */
export function requestOverHttp2(
  session: ClientHttp2Session,
  socket: Socket,
  request: Http2Request,
): Promise<Http2Response> {
  const headers: OutgoingHttpHeaders = {
    ':method': request.method,
    ':path': request.path,
    ':authority': request.authority,
  }
  for (const [name, value] of Object.entries(request.headers)) {
    const lower = name.toLowerCase()
    if (!HOP_BY_HOP.has(lower) && value !== undefined) headers[lower] = value
  }
  return new Promise((resolve, reject) => {
    let stream: ClientHttp2Stream
    try {
      stream = session.request(headers, { endStream: request.body === undefined, signal: request.signal })
    } catch (err) {
      // A session that went away since it was picked from the pool.
      request.onClose()
      throw err
    }
    stream.once('close', request.onClose)
    stream.once('response', (head) => {
      stream.off('error', reject)
      resolve(new Http2Response(stream, head, socket))
    })
    stream.once('error', reject)
    if (request.body !== undefined) stream.end(request.body)
  })
}
