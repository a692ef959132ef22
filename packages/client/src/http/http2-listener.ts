import type {
  Http2SecureServer,
  Http2ServerRequest,
  Http2ServerResponse,
  ServerHttp2Session,
} from 'node:http2'
import type { TlsOptions } from 'node:tls'
import type { RequestHandler } from './metrics-handler.js'

/**
 * Streams one HTTP/2 session may open at once. The same number as `@watchfire/web-config`'s
 * DEFAULT_MAX_CONCURRENT_STREAMS (RFC 9113's recommended floor), repeated here because this package
 * may not depend on web-config at runtime; keep the two equal.
 */
export const MAX_CONCURRENT_STREAMS = 100

// What Node's HTTP/1.1 server closes idle keep-alive connections after; the HTTP/2 server leaves
// its HTTP/1.1 fallback without one.
const HTTP1_KEEP_ALIVE_TIMEOUT_MS = 5000

/** An HTTP/2-over-TLS server with HTTP/1.1 fallback, and the way to end its HTTP/2 sessions on close. */
export interface Http2Listener {
  readonly server: Http2SecureServer
  /** Sends GOAWAY to every HTTP/2 session, letting open streams finish; call it after `server.close`. */
  closeConnections(): void
}

/**
 * Creates a TLS server offering `h2` then `http/1.1` through ALPN, both served by `handler`
 * (HTTP/2 through Node's compatibility objects, which carry every member the metrics handler and
 * the security hooks use). `node:http2` is loaded only here, so plain-HTTP users never load it.
 */
export async function createHttp2Listener(tls: TlsOptions, handler: RequestHandler): Promise<Http2Listener> {
  const { createSecureServer } = await import('node:http2')
  const server = createSecureServer(
    { ...tls, allowHTTP1: true, settings: { maxConcurrentStreams: MAX_CONCURRENT_STREAMS } },
    // The compatibility API is built to be driven by HTTP/1.1 request listeners.
    handler as unknown as (req: Http2ServerRequest, res: Http2ServerResponse) => void,
  )
  Object.assign(server, { keepAliveTimeout: HTTP1_KEEP_ALIVE_TIMEOUT_MS })
  // `close` ends idle HTTP/1.1 fallback connections itself (nodejs/node#51569) but waits for every
  // HTTP/2 session, which keeps its socket open until told to go.
  const sessions = new Set<ServerHttp2Session>()
  server.on('session', (session: ServerHttp2Session) => {
    sessions.add(session)
    session.once('close', () => sessions.delete(session))
  })
  return {
    server,
    closeConnections: () => {
      for (const session of sessions) if (!session.closed) session.close()
    },
  }
}
