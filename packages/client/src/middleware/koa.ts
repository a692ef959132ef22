import { renderMetrics } from '../http/render-metrics.js'
import { HttpMetrics } from './http-metrics.js'
import type { HttpMetricsOptions } from './http-metrics.js'

/** The parts of a Koa context the middleware reads and writes (Koa 2 and 3). */
export interface KoaLikeContext {
  method: string
  path: string
  status: number
  body: unknown
  /** Set by `@koa/router` to the template of the route that matched, including router prefixes. */
  _matchedRoute?: unknown
  get(field: string): string
  set(field: string, value: string): void
}

/** A Koa middleware function. */
export type KoaMiddleware = (ctx: KoaLikeContext, next: () => Promise<unknown>) => Promise<void>

/**
 * Koa middleware recording `http_requests_total` and `http_request_duration_seconds` by method,
 * route template (`ctx._matchedRoute` from `@koa/router`) and status code, and serving the registry
 * on `/metrics` unless `metricsPath: false`. Use it before the router: `app.use(koaMetrics())`.
 */
export function koaMetrics(options: HttpMetricsOptions = {}): KoaMiddleware {
  const metrics = new HttpMetrics(options)
  return async (ctx, next) => {
    if ((ctx.method === 'GET' || ctx.method === 'HEAD') && metrics.isMetricsPath(ctx.path)) {
      const response = await renderMetrics(
        metrics.registry,
        { method: ctx.method, accept: ctx.get('accept'), acceptEncoding: ctx.get('accept-encoding') },
        metrics.endpoint,
      )
      ctx.status = response.status
      for (const [name, value] of Object.entries(response.headers)) ctx.set(name, value)
      ctx.body = response.body
      return
    }
    const start = metrics.start()
    let status: number | undefined
    try {
      await next()
    } catch (err) {
      // Koa turns the error into a response after this middleware returns: record that status.
      status = errorStatus(err)
      throw err
    } finally {
      const route = ctx._matchedRoute
      metrics.observe(ctx.method, typeof route === 'string' ? route : undefined, status ?? ctx.status, start)
    }
  }
}

function errorStatus(err: unknown): number {
  if (typeof err === 'object' && err !== null) {
    const { status, statusCode } = err as { status?: unknown; statusCode?: unknown }
    const code = typeof status === 'number' ? status : statusCode
    if (typeof code === 'number' && code >= 400 && code <= 599) return code
  }
  return 500
}
