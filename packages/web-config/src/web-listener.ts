import type { Server as NetServer } from 'node:net'

/**
 * The listening side of a web server, whichever protocol it speaks: `node:http`, `node:https`, or
 * `node:http2` serving HTTP/2 and HTTP/1.1 over TLS. Components listen, close and drain through
 * these members alone, so the protocol choice stays inside this package.
 */
export interface WebListener extends NetServer {
  /** Drops every open connection, busy or not (shutdown after `close`). */
  closeAllConnections(): void
  /** Drops idle connections and lets busy ones finish; HTTP/2 sessions are sent GOAWAY. */
  closeIdleConnections(): void
}
