import { renderMetrics } from '../http/render-metrics.js'
import { HttpMetrics } from './http-metrics.js'
import type { HttpMetricsOptions } from './http-metrics.js'

/** The parts of a Fastify request the plugin reads (Fastify 4.10+ and 5). */
export interface FastifyLikeRequest {
  method: string
  headers: Record<string, string | string[] | undefined>
  /** `url` is the matched route's template; absent for requests no route matched. */
  routeOptions: { url?: string }
}

/** The parts of a Fastify reply the plugin reads and writes. */
export interface FastifyLikeReply {
  statusCode: number
  code(statusCode: number): FastifyLikeReply
  header(name: string, value: string): FastifyLikeReply
  send(payload?: unknown): FastifyLikeReply
}

type HookDone = (err?: Error) => void

/** The parts of a Fastify instance the plugin uses. */
export interface FastifyLikeInstance {
  addHook(
    name: 'onRequest',
    hook: (request: FastifyLikeRequest, reply: FastifyLikeReply, done: HookDone) => void,
  ): unknown
  addHook(
    name: 'onResponse',
    hook: (request: FastifyLikeRequest, reply: FastifyLikeReply, done: HookDone) => void,
  ): unknown
  get(
    path: string,
    handler: (request: FastifyLikeRequest, reply: FastifyLikeReply) => Promise<unknown>,
  ): unknown
}

/** A Fastify plugin, registered with `app.register(plugin)`. */
export type FastifyPlugin = (instance: FastifyLikeInstance, options: unknown, done: HookDone) => void

/**
 * A Fastify plugin recording `http_requests_total` and `http_request_duration_seconds` by method,
 * route template (`request.routeOptions.url`) and status code, and adding a `GET /metrics` route
 * unless `metricsPath: false`. Register it before the routes: `await app.register(fastifyMetrics())`.
 * Its hooks apply to the whole application, not only to the plugin's own encapsulation context.
 */
export function fastifyMetrics(options: HttpMetricsOptions = {}): FastifyPlugin {
  const metrics = new HttpMetrics(options)
  // Start marks by request: Fastify discourages adding properties to its request objects.
  const starts = new WeakMap<FastifyLikeRequest, number>()
  const plugin: FastifyPlugin = (instance, _options, done) => {
    instance.addHook('onRequest', (request, _reply, hookDone) => {
      starts.set(request, metrics.start())
      hookDone()
    })
    instance.addHook('onResponse', (request, reply, hookDone) => {
      const start = starts.get(request)
      const route = request.routeOptions.url
      if (start !== undefined && (route === undefined || route !== metrics.metricsPath)) {
        metrics.observe(request.method, route, reply.statusCode, start)
      }
      hookDone()
    })
    if (metrics.metricsPath !== undefined) {
      instance.get(metrics.metricsPath, async (request, reply) => {
        const response = await renderMetrics(
          metrics.registry,
          {
            method: request.method,
            accept: header(request.headers.accept),
            acceptEncoding: header(request.headers['accept-encoding']),
          },
          metrics.endpoint,
        )
        reply.code(response.status)
        for (const [name, value] of Object.entries(response.headers)) reply.header(name, value)
        return reply.send(response.body)
      })
    }
    done()
  }
  // What the `fastify-plugin` package sets: run in the parent context so the hooks see every route.
  Object.assign(plugin, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: '@watchfire/client',
  })
  return plugin
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value
}
