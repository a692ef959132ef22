import type { IncomingMessage } from 'node:http'
import { gunzip, gunzipSync } from 'node:zlib'
import { HttpClient } from '@watchfire/http-client'
import type { HttpClientConfig } from '../config/config-types.js'

/** What one scrape fetched: the (decompressed) body and its Content-Type. */
export interface ScrapeResponse {
  body: Buffer
  contentType: string
}

/** A scrape's HTTP request; injectable so tests can stand in for the network when they need to. */
export type ScrapeFetcher = (
  url: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; bodySizeLimitBytes: number; signal: AbortSignal },
) => Promise<ScrapeResponse>

export { authHeaders, tlsOptions } from '@watchfire/http-client'

/** Thrown when a target answers with more than body_size_limit bytes (after decompression). */
export class BodySizeLimitError extends Error {
  constructor(limit: number) {
    super(`body size limit exceeded (limit: ${limit} bytes)`)
  }
}

/**
 * Compressed bodies up to this size are inflated synchronously: a typical exporter's body inflates in
 * well under a millisecond, less than the thread-pool round trips and stream callbacks an async
 * inflate costs per 16 KiB of output. Larger ones go to the thread pool and keep the event loop free.
 */
const SYNC_INFLATE_MAX_BYTES = 128 * 1024

/**
 * Collects the body from 'data' events (no async iterator per chunk), then inflates a gzip body in one
 * call. The limit applies to the decompressed size, as in Prometheus.
 */
async function readBody(res: IncomingMessage, limit: number): Promise<Buffer> {
  const gzipped = /\bgzip\b/i.test(String(res.headers['content-encoding'] ?? ''))
  const raw = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    res.on('data', (chunk: Buffer) => {
      size += chunk.length
      // Compressed bytes count too, so a huge body is never buffered whole; only incompressible data
      // inflates to less than was sent, and then by a few bytes.
      if (limit > 0 && size > limit) {
        res.destroy()
        reject(new BodySizeLimitError(limit))
        return
      }
      chunks.push(chunk)
    })
    res.once('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)))
    res.once('error', reject)
    res.once('close', () => {
      if (!res.complete) reject(new Error('cannot read scrape body (connection closed early)'))
    })
  })
  if (!gzipped) return raw
  const options = { chunkSize: 64 * 1024, ...(limit > 0 ? { maxOutputLength: limit } : {}) }
  const failure = (err: unknown): unknown =>
    (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? new BodySizeLimitError(limit) : err
  if (raw.length <= SYNC_INFLATE_MAX_BYTES) {
    try {
      return gunzipSync(raw, options)
    } catch (err) {
      throw failure(err)
    }
  }
  return new Promise<Buffer>((resolve, reject) => {
    gunzip(raw, options, (err, out) => {
      if (err === null) resolve(out)
      else reject(failure(err))
    })
  })
}

/** A connection the target closed just as a kept-alive socket was reused; the request never reached it. */
function isStaleConnection(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ECONNRESET'
}

/**
 * Builds the production fetcher for a client config: one HttpClient per job whose connections stay
 * open between scrapes (as Prometheus's do; Node's global agent drops idle sockets after 5 s, so a
 * 15 s interval would reconnect every time), gzip, timeout, body size limit.
 */
export function httpScrapeFetcher(client: HttpClientConfig): ScrapeFetcher {
  const http = new HttpClient(client, { keepAliveSockets: Infinity })
  return async (url, headers, { timeoutMs, bodySizeLimitBytes, signal }) => {
    const timeout = AbortSignal.timeout(timeoutMs)
    const both = AbortSignal.any([signal, timeout])
    try {
      // A reused socket may have been closed by the target meanwhile: retry once, as Go's transport does.
      const res = await http
        .request(url, { headers, signal: both })
        .catch((err: unknown) =>
          isStaleConnection(err) && !both.aborted
            ? http.request(url, { headers, signal: both })
            : Promise.reject(err),
        )
      if (res.statusCode !== 200) {
        res.resume()
        throw new Error(
          `server returned HTTP status ${res.statusCode ?? 0} ${res.statusMessage ?? ''}`.trim(),
        )
      }
      const body = await readBody(res, bodySizeLimitBytes)
      return { body, contentType: String(res.headers['content-type'] ?? '') }
    } catch (err) {
      throw timeout.aborted ? new Error('context deadline exceeded') : err
    }
  }
}
