import { Server as HttpServer } from 'node:http'
import {
  createSecureServer,
  type Http2SecureServer,
  type Http2ServerRequest,
  type Http2ServerResponse,
  type SecureServerOptions,
  type ServerHttp2Session,
} from 'node:http2'
import type { Socket } from 'node:net'
import type { RequestHandler } from './web-handler.js'
import type { WebListener } from './web-listener.js'

/**
 * Streams one HTTP/2 session may have open at once. Go's server allows 250; 100 is the floor RFC
 * 9113 recommends and what most servers advertise, and with `--web.max-connections` it bounds the
 * requests in flight (512 sessions × 100 streams) so one client cannot open unbounded streams.
 */
export const DEFAULT_MAX_CONCURRENT_STREAMS = 100

// What Node's HTTP/1.1 server closes idle keep-alive connections after; the HTTP/2 server leaves
// its HTTP/1.1 fallback without one.
const HTTP1_KEEP_ALIVE_TIMEOUT_MS = 5000

/** TLS settings of {@link createHttp2Server}: the secure context options and the client-certificate switches. */
export type Http2ServerTlsOptions = Pick<
  SecureServerOptions,
  | 'cert'
  | 'key'
  | 'ca'
  | 'minVersion'
  | 'maxVersion'
  | 'ciphers'
  | 'ecdhCurve'
  | 'honorCipherOrder'
  | 'requestCert'
  | 'rejectUnauthorized'
>

/**
 * A TLS server offering `h2` and `http/1.1` through ALPN, as Go's server does when HTTP/2 is on.
 * Both protocols reach `handler`: HTTP/1.1 with Node's IncomingMessage and ServerResponse, HTTP/2
 * through Node's compatibility objects, which carry the same members the handlers use (headers,
 * url, method, streaming bodies, writeHead/setHeader/write/end, `close` events). HTTP/2 sessions
 * are closed with the server like HTTP/1.1 connections: gracefully (GOAWAY) by
 * `closeIdleConnections` and `close`, at once by `closeAllConnections`.
 */
export function createHttp2Server(
  tls: Http2ServerTlsOptions,
  handler: RequestHandler,
  maxConcurrentStreams = DEFAULT_MAX_CONCURRENT_STREAMS,
): WebListener & Http2SecureServer {
  const server = createSecureServer(
    { ...tls, allowHTTP1: true, settings: { maxConcurrentStreams } },
    // The compatibility API is built to be driven by HTTP/1.1 request listeners.
    handler as unknown as (req: Http2ServerRequest, res: Http2ServerResponse) => void,
  )
  Object.assign(server, { keepAliveTimeout: HTTP1_KEEP_ALIVE_TIMEOUT_MS })
  // Node re-emits failed handshakes as HTTP `clientError`s on this server (not on an HTTPS one),
  // where the connection guard would count them as bad requests and answer in plain text.
  server.removeAllListeners('tlsClientError')
  server.on('tlsClientError', (_err: Error, socket: Socket) => socket.destroy())

  const sessions = new Set<ServerHttp2Session>()
  server.on('session', (session: ServerHttp2Session) => {
    sessions.add(session)
    session.once('close', () => sessions.delete(session))
  })
  // HTTP/1.1 connections of this server are tracked by Node's HTTP code, whose methods it lacks.
  const closeIdleConnections = (): void => {
    Reflect.apply(HttpServer.prototype.closeIdleConnections, server, [])
    for (const session of sessions) if (!session.closed) session.close()
  }
  const closeAllConnections = (): void => {
    Reflect.apply(HttpServer.prototype.closeAllConnections, server, [])
    for (const session of sessions) session.destroy()
  }
  return Object.assign(server, { closeIdleConnections, closeAllConnections })
}
