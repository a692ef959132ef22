import { readFileSync } from 'node:fs'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest, type RequestOptions } from 'node:https'
import { createGunzip } from 'node:zlib'
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

function readOptional(path: string): string {
  return path === '' ? '' : readFileSync(path, 'utf8').trim()
}

/** Request headers for the client config's credentials (files are read on every scrape, as Prometheus does). */
export function authHeaders(client: HttpClientConfig): Record<string, string> {
  const headers: Record<string, string> = {}
  if (client.basicAuth !== undefined) {
    const password = client.basicAuth.password || readOptional(client.basicAuth.passwordFile)
    headers.Authorization = `Basic ${Buffer.from(`${client.basicAuth.username}:${password}`).toString('base64')}`
  }
  const auth = client.authorization
  const token =
    auth !== undefined
      ? auth.credentials || readOptional(auth.credentialsFile)
      : client.bearerToken || readOptional(client.bearerTokenFile)
  if (token !== '') headers.Authorization = `${auth?.type ?? 'Bearer'} ${token}`
  return headers
}

/** TLS options for node:https from the client config. */
export function tlsOptions(client: HttpClientConfig): RequestOptions {
  const tls = client.tlsConfig
  return {
    rejectUnauthorized: !tls.insecureSkipVerify,
    ...(tls.caFile !== '' ? { ca: readFileSync(tls.caFile) } : {}),
    ...(tls.certFile !== '' ? { cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) } : {}),
    ...(tls.serverName !== '' ? { servername: tls.serverName } : {}),
  }
}

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

/** Builds the production fetcher for a client config: node:http(s), gzip, timeout, body size limit. */
export function httpScrapeFetcher(client: HttpClientConfig): ScrapeFetcher {
  return (url, headers, { timeoutMs, bodySizeLimitBytes, signal }) =>
    new Promise<ScrapeResponse>((resolve, reject) => {
      const parsed = new URL(url)
      const request = parsed.protocol === 'https:' ? httpsRequest : httpRequest
      const timeout = AbortSignal.timeout(timeoutMs)
      const combined = AbortSignal.any([signal, timeout])
      const req = request(
        parsed,
        {
          method: 'GET',
          headers: { ...authHeaders(client), ...headers },
          signal: combined,
          ...tlsOptions(client),
        },
        (res) => {
          if (res.statusCode !== 200) {
            res.resume()
            reject(
              new Error(
                `server returned HTTP status ${res.statusCode ?? 0} ${res.statusMessage ?? ''}`.trim(),
              ),
            )
            return
          }
          readBody(res, bodySizeLimitBytes).then(
            (body) => resolve({ body, contentType: String(res.headers['content-type'] ?? '') }),
            (err: unknown) => reject(timeout.aborted ? new Error('context deadline exceeded') : err),
          )
        },
      )
      req.on('error', (err) => reject(timeout.aborted ? new Error('context deadline exceeded') : err))
      req.end()
    })
}
