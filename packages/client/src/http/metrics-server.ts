import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Http2SecureServer } from 'node:http2'
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { register } from '../registry.js'
import { createHttp2Listener } from './http2-listener.js'
import { metricsHandler, type RequestHandler } from './metrics-handler.js'
import type { ExpositionSource, MetricsEndpointOptions } from './render-metrics.js'
import { gateTlsClients, secureHandler, type ServerSecurityOptions } from './server-security.js'

/** Options of {@link startHttpServer}. */
export interface MetricsServerOptions extends MetricsEndpointOptions, ServerSecurityOptions {
  /** Interface to listen on; by default every interface, as Prometheus exporters do. */
  host?: string
  /** Path serving the metrics; default `/metrics`. Other paths get 404. */
  path?: string
  /** Registry to expose; default the global `register`. */
  registry?: ExpositionSource
}

/** A running standalone metrics server. */
export interface MetricsServer {
  /**
   * The underlying server: `node:http` without the `tls` option; with it, a `node:http2` secure
   * server serving HTTP/2 and HTTP/1.1 (the default), or `node:https` when `http2` is false.
   */
  readonly server: Server | HttpsServer | Http2SecureServer
  /** The port actually bound (useful when asked for port 0). */
  readonly port: number
  /**
   * Stops accepting connections, closes idle ones (HTTP/2 sessions are sent GOAWAY; requests in
   * flight finish) and resolves once the server is closed.
   */
  close(): Promise<void>
}

interface Listener<S> {
  readonly server: S
  closeConnections(): void
}

async function createListener(
  handler: RequestHandler,
  options: ServerSecurityOptions,
): Promise<Listener<Server | HttpsServer | Http2SecureServer>> {
  const { tls } = options
  if (tls === undefined) {
    const server = createServer(handler)
    return { server, closeConnections: () => server.closeIdleConnections() }
  }
  let listener: Listener<HttpsServer | Http2SecureServer>
  if (options.http2 ?? true) listener = await createHttp2Listener(tls, handler)
  else {
    // Node's HTTPS server would otherwise agree on http/1.1; the toolkit agrees on nothing.
    const server = createHttpsServer({ ...tls, ALPNProtocols: [] }, handler)
    listener = { server, closeConnections: () => server.closeIdleConnections() }
  }
  if (options.acceptTlsClient !== undefined) gateTlsClients(listener.server, options.acceptTlsClient)
  return listener
}

/**
 * Starts a server exposing a registry on `path`, resolving once it listens (rejecting if it
 * cannot, e.g. the port is taken). For processes with no HTTP server of their own, such as
 * workers and batch jobs. Plain HTTP/1.1 by default; with `tls`, HTTP/2 and HTTP/1.1 on one port
 * unless `http2` is false (see {@link ServerSecurityOptions}).
 */
export async function startHttpServer(
  port: number,
  options: MetricsServerOptions = {},
): Promise<MetricsServer> {
  const path = options.path ?? '/metrics'
  const handler = metricsHandler(options.registry ?? register, options)
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? '/'
    const query = url.indexOf('?')
    if ((query < 0 ? url : url.slice(0, query)) === path) {
      handler(req, res)
      return
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
    res.end(`not found; metrics are served on ${path}\n`)
  }
  const { server, closeConnections } = await createListener(secureHandler(onRequest, options), options)
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, options.host, () => {
      server.off('error', reject)
      resolve({
        server,
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => (err === undefined ? done() : fail(err)))
            closeConnections()
          }),
      })
    })
  })
}
