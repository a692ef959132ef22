import type { IncomingMessage } from 'node:http'
import { WatchfireError } from '@watchfire/model'
import { HttpClient } from '@watchfire/http-client'
import type { HttpClientConfig } from '../config/config-types.js'
import { SERVER_VERSION } from '../server-metrics.js'

/** The longest part of an error body kept for the log, as Prometheus does. */
const MAX_ERROR_BODY = 1024

/**
 * A failed send. `retryable` says whether the same request may succeed later (network errors,
 * timeouts, 5xx, and 429 when retry_on_http_429 is on); `retryAfterMs` is the receiver's
 * Retry-After, when it sent one.
 */
export class RemoteWriteError extends WatchfireError {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status = 0,
    readonly retryAfterMs = 0,
  ) {
    super(retryable ? 'ERR_REMOTE_WRITE_RETRYABLE' : 'ERR_REMOTE_WRITE', message)
  }
}

/** Sends one compressed write request; rejects with a {@link RemoteWriteError}. */
export type WriteSender = (body: Uint8Array, signal: AbortSignal) => Promise<void>

/** Settings of {@link httpWriteSender}. */
export interface HttpWriteSenderOptions {
  url: string
  timeoutMs: number
  headers: Readonly<Record<string, string>>
  httpClient: HttpClientConfig
  retryOnRateLimit: boolean
  /** Concurrent connections to keep (one per shard). */
  maxSockets: number
}

/** Seconds or an HTTP date, as Retry-After allows; 0 when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number {
  if (value === undefined || value.trim() === '') return 0
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000
  const at = Date.parse(value)
  return Number.isNaN(at) ? 0 : Math.max(0, at - nowMs)
}

/** The remote-write 1.0 request headers (besides credentials and the user's own headers). */
export const REMOTE_WRITE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Encoding': 'snappy',
  'Content-Type': 'application/x-protobuf',
  'User-Agent': `Watchfire/${SERVER_VERSION}`,
  'X-Prometheus-Remote-Write-Version': '0.1.0',
}

/** Reads at most `limit` bytes of a response body, draining the rest. */
async function readHead(res: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const c of res as AsyncIterable<Buffer>) {
    if (size < limit) chunks.push(c)
    size += c.length
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, limit).trim()
}

/**
 * The production sender: POSTs a snappy-compressed WriteRequest through the shared
 * {@link HttpClient} (credentials with `*_file` re-read, oauth2, TLS, proxy_url, redirects),
 * keeping one connection per shard alive, with the entry's headers and remote_timeout per attempt.
 * Classifies the outcome as Prometheus's remote client does.
 */
export function httpWriteSender(opts: HttpWriteSenderOptions): { send: WriteSender; close(): void } {
  const http = new HttpClient(opts.httpClient, { keepAliveSockets: opts.maxSockets })
  const send: WriteSender = async (body, signal) => {
    const timeout = AbortSignal.timeout(opts.timeoutMs)
    let status: number
    let res: IncomingMessage
    let text: string
    try {
      res = await http.request(opts.url, {
        method: 'POST',
        headers: { ...opts.headers, ...REMOTE_WRITE_HEADERS },
        body: Buffer.from(body.buffer, body.byteOffset, body.byteLength),
        signal: AbortSignal.any([signal, timeout]),
      })
      status = res.statusCode ?? 0
      text = await readHead(res, MAX_ERROR_BODY)
    } catch (err) {
      const reason = timeout.aborted ? 'context deadline exceeded' : (err as Error).message
      throw new RemoteWriteError(`cannot send write request to ${opts.url} (${reason})`, true)
    }
    if (status >= 200 && status < 300) return
    const message = `server returned HTTP status ${status} ${res.statusMessage ?? ''}: ${text}`.trim()
    const retryable = status >= 500 || (status === 429 && opts.retryOnRateLimit)
    const retryAfter = retryable ? parseRetryAfter(res.headers['retry-after'], Date.now()) : 0
    throw new RemoteWriteError(message, retryable, status, retryAfter)
  }
  return { send, close: () => http.close() }
}
