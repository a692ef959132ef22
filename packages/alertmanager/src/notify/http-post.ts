import { readFileSync } from 'node:fs'
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { isIP } from 'node:net'
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls'
import { urlToHttpOptions } from 'node:url'
import { connectTunnel, proxyAuthorization } from '@watchfire/http-client'
import { defaultHttpConfig, type HttpConfig, type TlsConfig } from '../config/http-config.js'
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

const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308])
/** Go's http.Client gives up after this many redirects. */
const MAX_REDIRECTS = 10

/** One request as it goes on the wire: method, URL and the text of its first lines. */
interface RequestLine {
  url: URL
  method: string
  /** `POST <path> HTTP/1.1`, the Host header and, through a proxy, Proxy-Authorization, as request text. */
  requestLine: string
  /**
   * `Basic …` from credentials in the URL: sent instead of http_config's credentials, and unless the caller
   * sets its own Authorization header (oauth2's, which Go's round tripper sets over anything).
   */
  urlAuthorization: string | undefined
}

/** Where an integration POSTs to, prepared once rather than per notification. */
export interface PostTarget extends RequestLine {
  http: HttpConfig
  /**
   * Plain HTTP: a pool of kept-alive connections (to the target, or to its proxy), so a flush costs one
   * request, not a TCP handshake each, as with the original's shared Go transport. Hand-written rather than
   * undici's Pool: measured against Alertmanager 0.25, undici's per-request CPU made our notification
   * latency slower than the original's.
   */
  pool: Http1Pool | undefined
  /** HTTPS: the same through Node's https agent, which does the TLS. */
  agent: HttpsAgent | undefined
  /** The proxy: the pool's peer for plain HTTP; for HTTPS, each request opens a CONNECT tunnel through it. */
  proxy: URL | undefined
  /** Why the configured proxy cannot be used (it fails every notification, as the original's dial does). */
  proxyError: string | undefined
}

/** Prepares a target URL (already validated by the configuration) and the transport its http_config asks for. */
export function postTarget(href: string, http: HttpConfig = defaultHttpConfig()): PostTarget {
  const url = new URL(href)
  const https = url.protocol === 'https:'
  let proxy: URL | undefined
  let proxyError: string | undefined
  if (http.proxyUrl !== '') {
    proxy = URL.canParse(http.proxyUrl) ? new URL(http.proxyUrl) : undefined
    if (proxy?.protocol !== 'http:') {
      proxyError = `cannot use proxy ${JSON.stringify(http.proxyUrl)} (only http:// proxies are supported)`
      proxy = undefined
    }
  }
  const via = https ? undefined : proxy
  return {
    ...requestLine('POST', url, via),
    http,
    pool:
      https || proxyError !== undefined
        ? undefined
        : new Http1Pool(hostOf(via ?? url), Number((via ?? url).port || 80), {
            idleTimeoutMs: IDLE_SOCKET_TIMEOUT_MS,
          }),
    agent:
      https && proxy === undefined
        ? new HttpsAgent({ keepAlive: true, timeout: IDLE_SOCKET_TIMEOUT_MS })
        : undefined,
    proxy,
    proxyError,
  }
}

/** Closes the target's idle connections. */
export function closeTarget(target: PostTarget): void {
  target.pool?.close()
  target.agent?.destroy()
}

/**
 * POSTs a body to the target over a kept-alive connection and reads the answer (first 64 KiB), following
 * redirects as Go's client does unless `follow_redirects` is off (then the 3xx is the answer). Network and
 * TLS errors become a retryable NotifyError; a header that would split the request, a permanent one. TLS files
 * are read per request, so rotated certificates are picked up. `credentials` is http_config's Authorization
 * (basic_auth, authorization, bearer_token): credentials in the URL go first, as Go's client sets those before
 * its round trippers fill an empty header; an Authorization in `headers` (oauth2's token) wins over both.
 */
export async function httpPost(
  target: PostTarget,
  body: string,
  headers: Record<string, string>,
  deadline: Deadline,
  credentials?: string,
): Promise<Http1Response> {
  const res = await send(target, target, body, headers, credentials, deadline)
  if (res.location === undefined || !REDIRECTS.has(res.status) || !target.http.followRedirects) return res
  return followRedirects(target, res, body, headers, credentials, deadline)
}

/** Sends one request of a target (its own, or a redirect's on the same origin). */
async function send(
  target: PostTarget,
  line: RequestLine,
  body: string | undefined,
  headers: Record<string, string>,
  credentials: string | undefined,
  deadline: Deadline,
): Promise<Http1Response> {
  const { url } = line
  const pool = target.pool
  let head = line.requestLine
  let authorization = line.urlAuthorization ?? credentials
  for (const name in headers) {
    const value = headers[name] as string
    if (INVALID_HEADER_CHAR.test(value)) {
      throw new NotifyError(
        `cannot ${line.method} to ${url.origin}${url.pathname} (invalid character in header ${name})`,
        false,
      )
    }
    if (name.toLowerCase() === 'authorization') authorization = undefined
    head += `${name}: ${value}\r\n`
  }
  if (target.proxyError !== undefined)
    throw new NotifyError(
      `cannot ${line.method} to ${url.origin}${url.pathname} (${target.proxyError})`,
      false,
    )
  try {
    if (pool === undefined) {
      const all = authorization === undefined ? headers : { ...headers, Authorization: authorization }
      return await httpsSend(target, line, body, all, deadline.signal())
    }
    if (authorization !== undefined) head += `Authorization: ${authorization}\r\n`
    head += body === undefined ? '\r\n' : `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n`
    return await pool.request(head, body ?? '', deadline)
  } catch (err) {
    throw new NotifyError(
      `cannot ${line.method} to ${url.origin}${url.pathname} (${(err as Error).message})`,
      true,
      { cause: err },
    )
  }
}

/**
 * Go's client on a redirect: 307 and 308 repeat the request with its body, 301, 302 and 303 turn a POST into
 * a GET without one; the headers go along (the caller's credentials on every hop, as the original's round
 * trippers add them), with a Referer unless leaving https for http. Another origin gets its own connection.
 */
async function followRedirects(
  target: PostTarget,
  first: Http1Response,
  body: string,
  headers: Record<string, string>,
  credentials: string | undefined,
  deadline: Deadline,
): Promise<Http1Response> {
  let res = first
  let from = target.url
  let method = 'POST'
  let payload: string | undefined = body
  for (let hop = 1; res.location !== undefined && REDIRECTS.has(res.status); hop++) {
    const where = `${target.url.origin}${target.url.pathname}`
    if (hop > MAX_REDIRECTS)
      throw new NotifyError(`cannot POST to ${where} (stopped after 10 redirects)`, true)
    if (!URL.canParse(res.location, from.href))
      throw new NotifyError(
        `cannot POST to ${where} (failed to parse Location header "${res.location}")`,
        true,
      )
    const to = new URL(res.location, from)
    if (to.protocol !== 'http:' && to.protocol !== 'https:')
      throw new NotifyError(
        `cannot POST to ${where} (unsupported protocol scheme "${to.protocol.slice(0, -1)}")`,
        true,
      )
    if (res.status !== 307 && res.status !== 308) {
      method = 'GET'
      payload = undefined
    }
    const hopHeaders =
      from.protocol === 'https:' && to.protocol === 'http:'
        ? headers
        : { ...headers, Referer: withoutCredentials(from) }
    const via = to.origin === target.url.origin ? target : postTarget(to.href, target.http)
    const line = requestLine(method, to, via.pool === undefined ? undefined : via.proxy)
    try {
      res = await send(via, line, payload, hopHeaders, credentials, deadline)
    } finally {
      if (via !== target) closeTarget(via)
    }
    from = to
  }
  return res
}

/** The request's first lines: origin-form to the target, absolute-form (with the proxy's credentials) to a proxy. */
function requestLine(method: string, url: URL, proxy: URL | undefined): RequestLine {
  const path = `${url.pathname}${url.search}`
  const { auth } = urlToHttpOptions(url)
  const proxyAuth = proxy === undefined ? undefined : proxyAuthorization(proxy)['Proxy-Authorization']
  return {
    url,
    method,
    requestLine:
      `${method} ${proxy === undefined ? path : `${url.protocol}//${url.host}${path}`} HTTP/1.1\r\n` +
      `Host: ${url.host}\r\n${proxyAuth === undefined ? '' : `Proxy-Authorization: ${proxyAuth}\r\n`}`,
    urlAuthorization:
      typeof auth === 'string' && auth !== '' ? `Basic ${Buffer.from(auth).toString('base64')}` : undefined,
  }
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1')
}

function withoutCredentials(url: URL): string {
  const copy = new URL(url)
  copy.username = ''
  copy.password = ''
  copy.hash = ''
  return copy.href
}

/** node:tls options of a tls_config, its files read now. */
function tlsOptions(tls: TlsConfig): ConnectionOptions {
  return {
    rejectUnauthorized: !tls.insecureSkipVerify,
    ...(tls.caFile !== '' ? { ca: readFileSync(tls.caFile) } : {}),
    ...(tls.certFile !== '' ? { cert: readFileSync(tls.certFile) } : {}),
    ...(tls.keyFile !== '' ? { key: readFileSync(tls.keyFile) } : {}),
    ...(tls.serverName !== '' ? { servername: tls.serverName } : {}),
    ...(tls.minVersion !== undefined ? { minVersion: tls.minVersion } : {}),
  }
}

/** The HTTPS path, through Node's https module and the target's agent, or a TLS tunnel through the proxy. */
async function httpsSend(
  target: PostTarget,
  line: RequestLine,
  body: string | undefined,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<Http1Response> {
  const { url, method } = line
  const tls = tlsOptions(target.http.tls)
  const allHeaders =
    body === undefined ? headers : { ...headers, 'Content-Length': String(Buffer.byteLength(body)) }
  let req: ClientRequest
  // A tunnel carries one request and is closed after it (Go's transport would keep it for the next).
  let tunnel: TLSSocket | undefined
  if (target.proxy === undefined) {
    req = httpsRequest({
      ...urlToHttpOptions(url),
      method,
      headers: allHeaders,
      agent: target.agent,
      signal,
      ...tls,
    })
  } else {
    const hostname = hostOf(url)
    const port = Number(url.port || 443)
    const raw = await connectTunnel(target.proxy, hostname, port, target.http.proxyConnectHeader, signal)
    const socket = tlsConnect({
      ...tls,
      socket: raw,
      host: hostname,
      servername: tls.servername ?? (isIP(hostname) === 0 ? hostname : undefined),
    })
    req = httpRequest({
      method,
      path: `${url.pathname}${url.search}`,
      headers: { Host: url.host, ...allHeaders },
      signal,
      // No agent: Node then takes the (already encrypted) socket from createConnection.
      createConnection: () => socket,
    })
    tunnel = socket
  }
  const answer = new Promise<Http1Response>((resolve, reject) => {
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (chunk: Buffer) => {
        if (size < 65536) {
          chunks.push(chunk)
          size += chunk.length
        }
      })
      res.on('end', () => {
        const status = res.statusCode ?? 0
        const location = status >= 300 && status < 400 ? res.headers.location : undefined
        resolve({ status, body: Buffer.concat(chunks).toString('utf8'), location })
      })
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
  const opened = tunnel
  return opened === undefined ? answer : answer.finally(() => opened.destroy())
}
