import type { IncomingMessage } from 'node:http'
import { createGunzip } from 'node:zlib'
import type { HttpClientConfig } from '../config/config-types.js'
import { HttpClient } from '../http-client/http-client.js'

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

export { authHeaders, tlsOptions } from '../http-client/client-credentials.js'

/** Thrown when a target answers with more than body_size_limit bytes (after decompression). */
export class BodySizeLimitError extends Error {
  constructor(limit: number) {
    super(`body size limit exceeded (limit: ${limit} bytes)`)
  }
}

async function readBody(res: IncomingMessage, limit: number): Promise<Buffer> {
  const gzip = /\bgzip\b/i.test(String(res.headers['content-encoding'] ?? ''))
  const stream = gzip ? res.pipe(createGunzip()) : res
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length
    if (limit > 0 && size > limit) {
      res.destroy()
      throw new BodySizeLimitError(limit)
    }
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

/** Builds the production fetcher for a client config: the shared HttpClient, gzip, timeout, body size limit. */
export function httpScrapeFetcher(client: HttpClientConfig): ScrapeFetcher {
  const http = new HttpClient(client)
  return async (url, headers, { timeoutMs, bodySizeLimitBytes, signal }) => {
    const timeout = AbortSignal.timeout(timeoutMs)
    try {
      const res = await http.request(url, { headers, signal: AbortSignal.any([signal, timeout]) })
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
