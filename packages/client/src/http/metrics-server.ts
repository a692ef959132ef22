import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { register } from '../registry.js'
import { metricsHandler } from './metrics-handler.js'
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
  /** The underlying `node:http` server, or `node:https` with the `tls` option. */
  readonly server: Server | HttpsServer
  /** The port actually bound (useful when asked for port 0). */
  readonly port: number
  /** Stops accepting connections, closes idle ones and resolves once the server is closed. */
  close(): Promise<void>
}

/**
 * Starts a `node:http` server exposing a registry on `path`, resolving once it listens (rejecting
 * if it cannot, e.g. the port is taken). For processes with no HTTP server of their own, such as
 * workers and batch jobs.
 */
export function startHttpServer(port: number, options: MetricsServerOptions = {}): Promise<MetricsServer> {
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
  const secured = secureHandler(onRequest, options)
  let server: Server | HttpsServer
  if (options.tls === undefined) server = createServer(secured)
  else {
    const https = createHttpsServer(options.tls, secured)
    if (options.acceptTlsClient !== undefined) gateTlsClients(https, options.acceptTlsClient)
    server = https
  }
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
            server.closeIdleConnections()
          }),
      })
    })
  })
}
