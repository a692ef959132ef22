import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { register } from '../registry.js'
import { metricsHandler } from './metrics-handler.js'
import type { ExpositionSource, MetricsEndpointOptions } from './render-metrics.js'

/** Options of {@link startHttpServer}. */
export interface MetricsServerOptions extends MetricsEndpointOptions {
  /** Interface to listen on; by default every interface, as Prometheus exporters do. */
  host?: string
  /** Path serving the metrics; default `/metrics`. Other paths get 404. */
  path?: string
  /** Registry to expose; default the global `register`. */
  registry?: ExpositionSource
}

/** A running standalone metrics server. */
export interface MetricsServer {
  /** The underlying `node:http` server. */
  readonly server: Server
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
  const server = createServer((req, res) => {
    const url = req.url ?? '/'
    const query = url.indexOf('?')
    if ((query < 0 ? url : url.slice(0, query)) === path) {
      handler(req, res)
      return
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
    res.end(`not found; metrics are served on ${path}\n`)
  })
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
