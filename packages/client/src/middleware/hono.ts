import { renderMetrics } from '../http/render-metrics.js'
import { HttpMetrics } from './http-metrics.js'
import type { HttpMetricsOptions } from './http-metrics.js'

/** One route Hono matched for a request: a middleware or a handler. */
export interface HonoLikeRoute {
  path: string
  /** The registered function; its arity tells middleware `(c, next)` from handlers `(c)`. */
  handler: { readonly length: number }
}

/** The parts of a Hono context the middleware reads (Hono 4). */
export interface HonoLikeContext {
  req: {
    method: string
    path: string
    header(name: string): string | undefined
    /** Every route matched for this request, in registration order. */
    readonly matchedRoutes: readonly HonoLikeRoute[]
  }
  res: { status: number }
}

/** A Hono middleware function. */
export type HonoMiddleware = (c: HonoLikeContext, next: () => Promise<void>) => Promise<Response | void>

/**
 * Hono middleware recording `http_requests_total` and `http_request_duration_seconds` by method,
 * route template and status code, and answering `/metrics` unless `metricsPath: false`. Use it for
 * every path: `app.use('*', honoMetrics())`. The route is the last matched handler's path (Hono's
 * `routePath` of the handler); a request matched only by middleware is unmatched.
 */
export function honoMetrics(options: HttpMetricsOptions = {}): HonoMiddleware {
  const metrics = new HttpMetrics(options)
  return async (c, next) => {
    const method = c.req.method
    if ((method === 'GET' || method === 'HEAD') && metrics.isMetricsPath(c.req.path)) {
      const response = await renderMetrics(
        metrics.registry,
        { method, accept: c.req.header('accept'), acceptEncoding: c.req.header('accept-encoding') },
        metrics.endpoint,
      )
      return new Response(response.body, { status: response.status, headers: response.headers })
    }
    const start = metrics.start()
    await next()
    metrics.observe(method, handlerRoute(c.req.matchedRoutes), c.res.status, start)
  }
}

// Hono's own convention (see its `matchedRoutes` docs): functions taking `next` are middleware.
function handlerRoute(routes: readonly HonoLikeRoute[]): string | undefined {
  for (let i = routes.length - 1; i >= 0; i--) {
    const route = routes[i] as HonoLikeRoute
    if (route.handler.length < 2) return route.path
  }
  return undefined
}
