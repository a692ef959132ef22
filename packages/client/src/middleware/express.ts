import type { IncomingMessage, ServerResponse } from 'node:http'
import { writeResponse } from '../http/metrics-handler.js'
import { renderMetrics } from '../http/render-metrics.js'
import { HttpMetrics } from './http-metrics.js'
import type { HttpMetricsOptions } from './http-metrics.js'

/** The parts of an Express request the middleware reads (Express 4 and 5). */
export interface ExpressLikeRequest extends IncomingMessage {
  /** The path the request arrived with, before routers stripped their mount paths. */
  originalUrl?: string
  /** The mount path of the router that matched, e.g. `/api`. */
  baseUrl?: string
  /** Set by Express once a route matched; `path` is its template (a string, array or RegExp). */
  route?: { path?: unknown }
}

/** An Express middleware function. */
export type ExpressMiddleware = (
  req: ExpressLikeRequest,
  res: ServerResponse,
  next: (err?: unknown) => void,
) => void

/**
 * Express middleware recording `http_requests_total` and `http_request_duration_seconds` by method,
 * route template (`req.baseUrl + req.route.path`, e.g. `/api/users/:id`) and status code, and serving
 * the registry on `/metrics` unless `metricsPath: false`. Mount it before the routes:
 * `app.use(expressMetrics())`.
 */
export function expressMetrics(options: HttpMetricsOptions = {}): ExpressMiddleware {
  const metrics = new HttpMetrics(options)
  return (req, res, next) => {
    const method = req.method ?? 'GET'
    if ((method === 'GET' || method === 'HEAD') && metrics.isMetricsPath(req.originalUrl ?? req.url ?? '/')) {
      renderMetrics(
        metrics.registry,
        { method, accept: req.headers.accept, acceptEncoding: req.headers['accept-encoding'] },
        metrics.endpoint,
      ).then(
        (response) => writeResponse(res, response),
        (err: unknown) => next(err),
      )
      return
    }
    const start = metrics.start()
    const route = captureRoute(req)
    let recorded = false
    // 'finish' when the response went out; 'close' alone when the client went away first.
    const record = (): void => {
      if (recorded) return
      recorded = true
      metrics.observe(method, route.template, res.statusCode, start)
    }
    res.once('finish', record)
    res.once('close', record)
    next()
  }
}

/**
 * Records `req.baseUrl + req.route.path` at the moment Express matches a route. Reading both when
 * the response finishes is not enough: an error leaving a mounted router restores `req.baseUrl` to
 * the parent's, so `/api/boom` would be reported as `/boom`.
 */
function captureRoute(req: ExpressLikeRequest): { template: string | undefined } {
  const captured: { template: string | undefined } = { template: undefined }
  let route = req.route
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set: (value: ExpressLikeRequest['route']) => {
      route = value
      const path = value?.path
      captured.template =
        path === undefined
          ? undefined
          : (req.baseUrl ?? '') + (typeof path === 'string' ? path : String(path))
    },
  })
  return captured
}
