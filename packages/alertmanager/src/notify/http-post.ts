import { readFileSync } from 'node:fs'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { urlToHttpOptions } from 'node:url'
import type { TlsConfig } from '../config/http-config.js'
import type { Deadline } from './deadline.js'
import { Http1Pool, type Http1Response } from './http1-pool.js'
import { NotifyError } from './integration.js'

/**
 * How long an idle kept-alive connection is kept: under Node's default server keep-alive timeout (5 s), so a
 * Node receiver never closes a connection just as it is reused.
 */
const IDLE_SOCKET_TIMEOUT_MS = 4_000

/** Characters Node's http module refuses in a header value (it would split the request). */
const INVALID_HEADER_CHAR = /[^\t\x20-\x7e\x80-\xff]/

/** Where an integration POSTs to, prepared once rather than per notification. */
export interface PostTarget {
  url: URL
  /**
   * Plain HTTP: a pool of kept-alive connections, so a flush costs one request, not a TCP handshake each,
   * as with the original's shared Go transport. Hand-written rather than undici's Pool: measured against
   * Alertmanager 0.25, undici's per-request CPU made our notification latency slower than the original's.
   */
  pool: Http1Pool | undefined
  /** HTTPS: the same through Node's https agent, which does the TLS. */
  agent: HttpsAgent | undefined
  /** `POST <path> HTTP/1.1` and the Host header, as request text. */
  requestLine: string
  /** `Basic …` from credentials in the URL, sent unless the caller sets its own Authorization. */
  urlAuthorization: string | undefined
}

/** Prepares a target URL (already validated by the configuration). */
export function postTarget(href: string): PostTarget {
  const url = new URL(href)
  const https = url.protocol === 'https:'
  const { auth } = urlToHttpOptions(url)
  return {
    url,
    pool: https
      ? undefined
      : new Http1Pool(url.hostname.replace(/^\[(.*)\]$/, '$1'), Number(url.port || 80), {
          idleTimeoutMs: IDLE_SOCKET_TIMEOUT_MS,
        }),
    agent: https ? new HttpsAgent({ keepAlive: true, timeout: IDLE_SOCKET_TIMEOUT_MS }) : undefined,
    requestLine: `POST ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\n`,
    urlAuthorization:
      typeof auth === 'string' && auth !== '' ? `Basic ${Buffer.from(auth).toString('base64')}` : undefined,
  }
}

/** Closes the target's idle connections. */
export function closeTarget(target: PostTarget): void {
  target.pool?.close()
  target.agent?.destroy()
}

/**
 * POSTs a body to the target over a kept-alive connection and reads the answer (first 64 KiB). Network and
 * TLS errors become a retryable NotifyError; a header that would split the request, a permanent one. TLS files
 * are read per request, so rotated certificates are picked up.
 */
export async function httpPost(
  target: PostTarget,
  body: string,
  headers: Record<string, string>,
  tls: TlsConfig,
  deadline: Deadline,
): Promise<Http1Response> {
  const { url, pool } = target
  let head = target.requestLine
  let authorization = target.urlAuthorization
  for (const name in headers) {
    const value = headers[name] as string
    if (INVALID_HEADER_CHAR.test(value)) {
      throw new NotifyError(
        `cannot POST to ${url.origin}${url.pathname} (invalid character in header ${name})`,
        false,
      )
    }
    if (name.toLowerCase() === 'authorization') authorization = undefined
    head += `${name}: ${value}\r\n`
  }
  try {
    if (pool === undefined) return await httpsPost(target, body, headers, tls, deadline.signal())
    if (authorization !== undefined) head += `Authorization: ${authorization}\r\n`
    head += `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n`
    return await pool.request(head, body, deadline)
  } catch (err) {
    throw new NotifyError(`cannot POST to ${url.origin}${url.pathname} (${(err as Error).message})`, true, {
      cause: err,
    })
  }
}

/** The HTTPS path, through Node's https module and the target's agent. */
function httpsPost(
  target: PostTarget,
  body: string,
  headers: Record<string, string>,
  tls: TlsConfig,
  signal: AbortSignal,
): Promise<Http1Response> {
  const { url } = target
  return new Promise((resolve, reject) => {
    const req = httpsRequest({
      ...urlToHttpOptions(url),
      method: 'POST',
      headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
      agent: target.agent,
      signal,
      rejectUnauthorized: !tls.insecureSkipVerify,
      ...(tls.caFile !== '' ? { ca: readFileSync(tls.caFile) } : {}),
      ...(tls.certFile !== '' ? { cert: readFileSync(tls.certFile) } : {}),
      ...(tls.keyFile !== '' ? { key: readFileSync(tls.keyFile) } : {}),
      ...(tls.serverName !== '' ? { servername: tls.serverName } : {}),
      ...(tls.minVersion !== undefined ? { minVersion: tls.minVersion } : {}),
    })
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (chunk: Buffer) => {
        if (size < 65536) {
          chunks.push(chunk)
          size += chunk.length
        }
      })
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      )
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}
