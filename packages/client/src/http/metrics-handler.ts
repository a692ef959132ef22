import type { IncomingMessage, ServerResponse } from 'node:http'
import { register } from '../registry.js'
import { renderMetrics } from './render-metrics.js'
import type { ExpositionSource, MetricsEndpointOptions, MetricsResponse } from './render-metrics.js'

/** A `node:http` request listener. */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void

/**
 * A `node:http` handler that serves a scrape of `registry` (the global `register` by default) with
 * content negotiation and gzip; see {@link renderMetrics}. It never throws or rejects: a failing
 * collector yields a 500 and a response that fails mid-way is destroyed.
 */
export function metricsHandler(
  registry: ExpositionSource = register,
  options: MetricsEndpointOptions = {},
): RequestHandler {
  return (req, res) => {
    renderMetrics(
      registry,
      {
        method: req.method ?? 'GET',
        accept: req.headers.accept,
        acceptEncoding: header(req.headers['accept-encoding']),
      },
      options,
    ).then(
      (response) => writeResponse(res, response),
      (err: unknown) => res.destroy(err instanceof Error ? err : new Error(String(err))),
    )
  }
}

/** Writes a rendered metrics response onto a `node:http` response. */
export function writeResponse(res: ServerResponse, response: MetricsResponse): void {
  res.writeHead(response.status, response.headers)
  res.end(response.body)
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value
}
