import { Agent as HttpAgent, request as httpRequest } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { WatchfireError } from '@watchfire/model'
import type { HttpClientConfig } from '../config/config-types.js'
import { authHeaders, tlsOptions } from '../scrape/scrape-http.js'
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

/**
 * The production sender: POSTs a snappy-compressed WriteRequest with node:http(s), keep-alive
 * connections, the configured credentials, TLS and headers, and remote_timeout per attempt.
 * Classifies the outcome as Prometheus's remote client does.
 */
export function httpWriteSender(opts: HttpWriteSenderOptions): { send: WriteSender; close(): void } {
  const parsed = new URL(opts.url)
  const https = parsed.protocol === 'https:'
  const agent = https
    ? new HttpsAgent({ keepAlive: true, maxSockets: opts.maxSockets })
    : new HttpAgent({ keepAlive: true, maxSockets: opts.maxSockets })
  const request = https ? httpsRequest : httpRequest
  const tls = https ? tlsOptions(opts.httpClient) : {}
  const send: WriteSender = (body, signal) =>
    new Promise<void>((resolve, reject) => {
      const timeout = AbortSignal.timeout(opts.timeoutMs)
      const combined = AbortSignal.any([signal, timeout])
      const fail = (err: unknown): void => {
        const reason = timeout.aborted ? 'context deadline exceeded' : (err as Error).message
        reject(new RemoteWriteError(`cannot send write request to ${opts.url} (${reason})`, true))
      }
      const req = request(
        parsed,
        {
          method: 'POST',
          agent,
          headers: {
            ...opts.headers,
            ...authHeaders(opts.httpClient),
            ...REMOTE_WRITE_HEADERS,
            'Content-Length': String(body.length),
          },
          signal: combined,
          ...tls,
        },
        (res) => {
          const status = res.statusCode ?? 0
          const chunks: Buffer[] = []
          let size = 0
          res.on('data', (c: Buffer) => {
            if (size < MAX_ERROR_BODY) chunks.push(c)
            size += c.length
          })
          res.on('error', fail)
          res.on('end', () => {
            if (status >= 200 && status < 300) return resolve()
            const text = Buffer.concat(chunks).toString('utf8').slice(0, MAX_ERROR_BODY).trim()
            const message = `server returned HTTP status ${status} ${res.statusMessage ?? ''}: ${text}`.trim()
            const retryable = status >= 500 || (status === 429 && opts.retryOnRateLimit)
            const retryAfter = retryable ? parseRetryAfter(res.headers['retry-after'], Date.now()) : 0
            reject(new RemoteWriteError(message, retryable, status, retryAfter))
          })
        },
      )
      req.on('error', fail)
      req.end(body)
    })
  return { send, close: () => agent.destroy() }
}
