import { readFileSync } from 'node:fs'
import { Agent as HttpAgent, request as httpRequest } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { urlToHttpOptions } from 'node:url'
import type { TlsConfig } from '../config/http-config.js'
import { NotifyError } from './integration.js'

/**
 * How long an idle kept-alive connection is kept: under Node's default server keep-alive timeout (5 s), so a
 * Node receiver never closes a connection just as it is reused.
 */
const IDLE_SOCKET_TIMEOUT_MS = 4_000

/** Where an integration POSTs to, prepared once rather than per notification. */
export interface PostTarget {
  url: URL
  /** The URL as request options (host, port, path, auth). */
  requestOptions: ReturnType<typeof urlToHttpOptions>
  /**
   * A keep-alive connection pool: a flush then costs one request, not a TCP (and TLS) handshake each, as
   * with the original's shared Go transport. Idle sockets do not keep the process alive.
   */
  agent: HttpAgent
}

/** Prepares a target URL (already validated by the configuration). */
export function postTarget(href: string): PostTarget {
  const url = new URL(href)
  const options = { keepAlive: true, timeout: IDLE_SOCKET_TIMEOUT_MS }
  return {
    url,
    requestOptions: urlToHttpOptions(url),
    agent: url.protocol === 'https:' ? new HttpsAgent(options) : new HttpAgent(options),
  }
}

/**
 * POSTs a body to the target through its connection pool and reads the answer (first 64 KiB). Network errors become a retryable
 * NotifyError. TLS files are read per request, so rotated certificates are picked up.
 */
export function httpPost(
  target: PostTarget,
  body: string,
  headers: Record<string, string>,
  tls: TlsConfig,
  signal: AbortSignal,
): Promise<{ status: number; body: string }> {
  const { url, agent } = target
  return new Promise((resolve, reject) => {
    const options = {
      ...target.requestOptions,
      method: 'POST',
      headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
      agent,
      signal,
    }
    const req =
      url.protocol === 'https:'
        ? httpsRequest({
            ...options,
            rejectUnauthorized: !tls.insecureSkipVerify,
            ...(tls.caFile !== '' ? { ca: readFileSync(tls.caFile) } : {}),
            ...(tls.certFile !== '' ? { cert: readFileSync(tls.certFile) } : {}),
            ...(tls.keyFile !== '' ? { key: readFileSync(tls.keyFile) } : {}),
            ...(tls.serverName !== '' ? { servername: tls.serverName } : {}),
          })
        : httpRequest(options)
    req.on('response', (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        if (text.length < 65536) text += chunk
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
      res.on('error', (err) =>
        reject(new NotifyError(`cannot read response from ${url.href} (${err.message})`, true)),
      )
    })
    req.on('error', (err) =>
      reject(
        new NotifyError(`cannot POST to ${url.origin}${url.pathname} (${err.message})`, true, {
          cause: err,
        }),
      ),
    )
    req.end(body)
  })
}
