import { createServer as createHttpServer } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { Socket } from 'node:net'
import type { Server as TlsServer, TLSSocket } from 'node:tls'
import { BasicAuthVerifier } from './basic-auth.js'
import { clientCertificateRefusal } from './client-certificate.js'
import {
  DEFAULT_CONNECTION_LIMITS,
  guardConnections,
  type ConnectionGuard,
  type ConnectionLimits,
  type ConnectionRejectReason,
} from './connection-limits.js'
import { createHttp2Server } from './http2-server.js'
import { TlsMaterialSource, tlsEnabled, type TlsMaterial } from './tls-material.js'
import { WebConfigSource } from './web-config-source.js'
import { withWebConfig, type RequestHandler } from './web-handler.js'
import type { WebListener } from './web-listener.js'
import { stderrWebLog, type WebLog } from './web-log.js'

/** Options of {@link createWebServer}. */
export interface WebServerOptions {
  /** `--web.config.file`; undefined or `''` serves plain HTTP without authentication. */
  webConfigFile?: string
  log?: WebLog
  /**
   * Guards the server with {@link guardConnections} (defaults: {@link DEFAULT_CONNECTION_LIMITS}),
   * reporting each refusal to `reject`. Without it the server is left unguarded, for callers that
   * apply the guard themselves.
   */
  connectionLimits?: { limits?: Partial<ConnectionLimits>; reject?: (reason: ConnectionRejectReason) => void }
}

/** A server made by {@link createWebServer}, not yet listening. */
export interface WebServer {
  /** HTTP, HTTPS, or HTTP/2 with HTTP/1.1 fallback over TLS (see {@link createWebServer}). */
  server: WebListener
  /** `https` when the web config turned TLS on, for the URLs a component prints. */
  scheme: 'http' | 'https'
  /** The basic-auth verifier of this server (its `bcryptRuns` counts bcrypt verifications). */
  verifier: BasicAuthVerifier
  /** The connection guard, when `connectionLimits` asked for one. */
  guard?: ConnectionGuard
}

/**
 * Re-reads the TLS material for every new connection. Node's TLS server takes its secure context
 * and its `requestCert`/`rejectUnauthorized` switches from the server object when it wraps a raw
 * connection, so the gate updates them just before handing the socket on; an unusable file
 * refuses the connection as Go's GetConfigForClient error does. After the handshake, the
 * client-certificate policies OpenSSL cannot express are enforced before HTTP sees the socket.
 */
function gateConnections(
  server: TlsServer,
  materials: TlsMaterialSource,
  first: TlsMaterial,
  log: WebLog,
): void {
  let applied = first
  const wrapRaw = server.listeners('connection')
  server.removeAllListeners('connection')
  server.on('connection', (socket: Socket) => {
    let material: TlsMaterial
    try {
      material = materials.current()
    } catch (err) {
      log('error', 'cannot load TLS configuration', { err: (err as Error).message })
      socket.destroy()
      return
    }
    if (material !== applied) {
      server.setSecureContext(material.contextOptions)
      applied = material
    }
    Object.assign(server, {
      requestCert: material.requestCert,
      rejectUnauthorized: material.rejectUnauthorized,
    })
    for (const listener of wrapRaw) Reflect.apply(listener, server, [socket])
  })
  const serveHttp = server.listeners('secureConnection')
  server.removeAllListeners('secureConnection')
  server.on('secureConnection', (socket: TLSSocket) => {
    const refusal = clientCertificateRefusal(socket, applied)
    if (refusal !== undefined) {
      log('debug', 'refused TLS client', { remote: socket.remoteAddress ?? '', err: refusal })
      socket.destroy()
      return
    }
    for (const listener of serveHttp) Reflect.apply(listener, server, [socket])
  })
}

/**
 * Creates the HTTP(S) server of a component under `--web.config.file` (exporter-toolkit format):
 * plain HTTP without a file; otherwise the file is validated now (throwing a WebConfigError), TLS
 * is on when `tls_server_config` says so at start (as in the toolkit, this choice is fixed), and
 * the file and certificates are re-read for every new connection and request, so rotated
 * certificates and changed users apply without a restart. As in the toolkit, HTTP/2 is offered
 * through ALPN (`h2`, then `http/1.1`) over TLS unless `http_server_config.http2` is false, when
 * no protocol is agreed in ALPN, as with the toolkit (clients then speak HTTP/1.1); plain HTTP is
 * HTTP/1.1 only (no h2c).
 */
export function createWebServer(handler: RequestHandler, options: WebServerOptions = {}): WebServer {
  const web = createUnguarded(handler, options)
  const wanted = options.connectionLimits
  if (wanted === undefined) return web
  const limits: ConnectionLimits = { ...DEFAULT_CONNECTION_LIMITS }
  for (const [key, value] of Object.entries(wanted.limits ?? {}) as [
    keyof ConnectionLimits,
    number | undefined,
  ][])
    if (value !== undefined) limits[key] = value
  // After the TLS gate, which replaces the server's connection listeners.
  const guard = guardConnections(web.server, { limits, reject: wanted.reject ?? (() => {}) })
  return { ...web, guard }
}

function createUnguarded(handler: RequestHandler, options: WebServerOptions): WebServer {
  const verifier = new BasicAuthVerifier()
  const path = options.webConfigFile ?? ''
  if (path === '') return { server: createHttpServer(handler), scheme: 'http', verifier }
  const log = options.log ?? stderrWebLog
  const source = new WebConfigSource(path)
  const config = source.current()
  const wrapped = withWebConfig(source, handler, { verifier, log })
  if (!tlsEnabled(config.tlsServerConfig))
    return { server: createHttpServer(wrapped), scheme: 'http', verifier }
  const materials = new TlsMaterialSource(source)
  const first = materials.current()
  const tls = {
    ...first.contextOptions,
    requestCert: first.requestCert,
    rejectUnauthorized: first.rejectUnauthorized,
  }
  // As in the toolkit, the protocols offered are fixed at start like the choice of TLS itself.
  // Without HTTP/2 no ALPN protocol is agreed at all, as with the toolkit (Node's HTTPS server
  // would otherwise agree on http/1.1).
  const server = config.httpServerConfig.http2
    ? createHttp2Server(tls, wrapped)
    : createHttpsServer({ ...tls, ALPNProtocols: [] }, wrapped)
  gateConnections(server, materials, first, log)
  return { server, scheme: 'https', verifier }
}
