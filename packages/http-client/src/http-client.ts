import {
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
} from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { isIP } from 'node:net'
import { connect as tlsConnect, type TLSSocket } from 'node:tls'
import type { HttpClientConfig, OAuth2Config } from './config-types.js'
import { authHeaders, tlsConfigOptions } from './client-credentials.js'
import { requestOverHttp2 } from './http2-response.js'
import { Http2Sessions } from './http2-sessions.js'
import { OAuth2TokenSource } from './oauth2-token.js'
import { connectTunnel, proxyAuthorization } from './proxy-tunnel.js'

/** One request of an {@link HttpClient}. */
export interface HttpRequestOptions {
  method?: string
  headers?: Record<string, string>
  body?: Buffer
  signal: AbortSignal
}

/** Transport settings of an {@link HttpClient}, beyond its config. */
export interface HttpClientOptions {
  /**
   * Keep direct connections alive and reuse up to this many per host (remote write keeps one per
   * shard); without it every request opens its own connection. Tunnelled requests never reuse.
   */
  keepAliveSockets?: number
}

const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308])
// Go's http.Client gives up after this many.
const MAX_REDIRECTS = 10
// Errors of a request sent on an HTTP/2 session that had already gone away.
const SESSION_GONE: ReadonlySet<string> = new Set(['ERR_HTTP2_GOAWAY_SESSION', 'ERR_HTTP2_INVALID_SESSION'])

/**
 * The HTTP client of a `http_client_config` (scrapes, SD, remote write and read, Alertmanager):
 * basic_auth / authorization / bearer_token / oauth2 credentials on every request (files re-read,
 * oauth2 tokens cached until expiry), tls_config, proxy_url (absolute-URI requests for http://
 * targets, a CONNECT tunnel for https:// ones, proxy_connect_header sent with CONNECT), and
 * follow_redirects (on by default; at most 10, credentials re-applied on each hop as Prometheus's
 * round trippers do). With `enable_http2` (the default) https:// origins are offered HTTP/2
 * through ALPN and, when they take it, share one session per origin; otherwise, and always for
 * http:// (no h2c, as in Go) and through a proxy, requests use HTTP/1.1. Everything above the
 * connection (credentials, redirects, timeouts through the signal, and the callers' body limits
 * on the IncomingMessage they get back) is the same for both.
 */
export class HttpClient {
  private readonly config: HttpClientConfig
  private readonly oauth2: OAuth2TokenSource | undefined
  private readonly httpAgent: HttpAgent | undefined
  private readonly httpsAgent: HttpsAgent | undefined
  private readonly http2: Http2Sessions | undefined

  constructor(config: HttpClientConfig, options: HttpClientOptions = {}) {
    this.config = config
    if (config.enableHttp2) this.http2 = new Http2Sessions()
    const maxSockets = options.keepAliveSockets
    if (maxSockets !== undefined) {
      this.httpAgent = new HttpAgent({ keepAlive: true, maxSockets })
      this.httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets })
    }
    if (config.oauth2 !== undefined) this.oauth2 = oauth2TokenSource(config.oauth2)
  }

  /** Closes the kept-alive connections and HTTP/2 sessions (the client still works, opening new ones). */
  close(): void {
    this.httpAgent?.destroy()
    this.httpsAgent?.destroy()
    this.http2?.close()
  }

  /** Sends a request and resolves with the response (redirects followed unless turned off). */
  async request(url: string, options: HttpRequestOptions): Promise<IncomingMessage> {
    let target = new URL(url)
    let method = options.method ?? 'GET'
    let body = options.body
    for (let hop = 0; ; hop++) {
      const res = await this.retryGoneSession(target, method, body, options)
      const location = res.headers.location
      if (!this.config.followRedirects || !REDIRECTS.has(res.statusCode ?? 0) || location === undefined)
        return res
      res.resume()
      if (hop >= MAX_REDIRECTS)
        throw new Error(`${method} ${JSON.stringify(url)}: stopped after 10 redirects`)
      target = new URL(location, target)
      if (res.statusCode !== 307 && res.statusCode !== 308 && method !== 'GET' && method !== 'HEAD') {
        method = 'GET'
        body = undefined
      }
    }
  }

  private async headers(options: HttpRequestOptions): Promise<OutgoingHttpHeaders> {
    const headers: Record<string, string> = authHeaders(this.config)
    if (this.oauth2 !== undefined) headers.Authorization = `Bearer ${await this.oauth2.token(options.signal)}`
    return { ...headers, ...options.headers }
  }

  // A pooled HTTP/2 session can be closed by the server (GOAWAY, idle timeout) just as a request
  // picks it; the request never reached the server then, so it goes once more on a new connection,
  // as Go's transport retries it.
  private async retryGoneSession(
    target: URL,
    method: string,
    body: Buffer | undefined,
    options: HttpRequestOptions,
  ): Promise<IncomingMessage> {
    try {
      return await this.once(target, method, body, options)
    } catch (err) {
      if (!SESSION_GONE.has((err as NodeJS.ErrnoException).code ?? '') || options.signal.aborted) throw err
      return this.once(target, method, body, options)
    }
  }

  /** A TLS connection to `hostname:port` through the proxy's CONNECT tunnel. */
  private async tunnel(proxy: URL, hostname: string, port: number, signal: AbortSignal): Promise<TLSSocket> {
    const raw = await connectTunnel(proxy, hostname, port, this.config.proxyConnectHeader ?? {}, signal)
    const tls = tlsConfigOptions(this.config.tlsConfig)
    return tlsConnect({
      ...tls,
      socket: raw,
      // The name or address the certificate is checked against.
      host: hostname,
      servername: tls.servername ?? (isIP(hostname) === 0 ? hostname : undefined),
    })
  }

  private async once(
    target: URL,
    method: string,
    body: Buffer | undefined,
    options: HttpRequestOptions,
  ): Promise<IncomingMessage> {
    const headers = await this.headers(options)
    if (body !== undefined) headers['Content-Length'] = body.length
    const proxy = this.config.proxyUrl === '' ? undefined : new URL(this.config.proxyUrl)
    const https = target.protocol === 'https:'
    const port = target.port !== '' ? Number(target.port) : https ? 443 : 80
    const hostname = target.hostname.replace(/^\[(.*)\]$/, '$1')
    const common = { method, signal: options.signal }
    let make: () => ReturnType<typeof httpRequest>
    // Through a proxy HTTP/2 is not offered: each request opens its own CONNECT tunnel below and
    // speaks HTTP/1.1 in it, where Go's transport would also offer h2 inside the tunnel.
    const route =
      https && proxy === undefined && this.http2 !== undefined
        ? await this.http2.route(hostname, port, tlsConfigOptions(this.config.tlsConfig), options.signal)
        : undefined
    const path = `${target.pathname}${target.search}`
    if (route?.kind === 'h2')
      return requestOverHttp2(route.session, route.socket, {
        method,
        path,
        authority: target.host,
        headers,
        body,
        signal: options.signal,
        onClose: route.done,
      })
    // A socket of our own: a negotiated HTTP/1.1 connection, or a TLS tunnel through the proxy.
    const ownSocket =
      route?.kind === 'http/1.1'
        ? route.socket
        : proxy !== undefined && https
          ? await this.tunnel(proxy, hostname, port, options.signal)
          : undefined
    if (ownSocket !== undefined) {
      make = () =>
        httpRequest({
          ...common,
          path,
          headers: { Host: target.host, ...headers },
          // No agent: Node then takes the socket from createConnection.
          createConnection: () => ownSocket,
        })
    } else if (proxy !== undefined) {
      if (proxy.protocol !== 'http:')
        throw new Error(
          `cannot use proxy ${proxy.protocol}//${proxy.host} (only http:// proxies are supported)`,
        )
      make = () =>
        httpRequest({
          ...common,
          host: proxy.hostname,
          port: proxy.port === '' ? 80 : Number(proxy.port),
          path: target.href,
          headers: { Host: target.host, ...headers, ...proxyAuthorization(proxy) },
          ...(this.httpAgent !== undefined ? { agent: this.httpAgent } : {}),
        })
    } else if (https) {
      const agent = this.httpsAgent
      make = () =>
        httpsRequest(target, {
          ...common,
          headers,
          ...tlsConfigOptions(this.config.tlsConfig),
          ...(agent !== undefined ? { agent } : {}),
        })
    } else {
      const agent = this.httpAgent
      make = () => httpRequest(target, { ...common, headers, ...(agent !== undefined ? { agent } : {}) })
    }
    return new Promise<IncomingMessage>((resolve, reject) => {
      const req = make()
      req.once('response', resolve)
      req.once('error', reject)
      req.end(body)
    })
  }
}

/**
 * The token source of an oauth2 block, fetching tokens with its own client (the block's tls_config and
 * proxy_url, redirects followed), as Prometheus's common config does.
 */
export function oauth2TokenSource(config: OAuth2Config): OAuth2TokenSource {
  const tokenClient = new HttpClient({
    bearerToken: '',
    bearerTokenFile: '',
    tlsConfig: config.tlsConfig,
    proxyUrl: config.proxyUrl,
    followRedirects: true,
    enableHttp2: true,
  })
  return new OAuth2TokenSource(config, async (url, body, headers, signal) => {
    const res = await tokenClient.request(url, { method: 'POST', body, headers, signal })
    const chunks: Buffer[] = []
    for await (const chunk of res as AsyncIterable<Buffer>) chunks.push(chunk)
    return { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }
  })
}
