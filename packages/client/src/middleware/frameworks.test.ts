import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import Router from '@koa/router'
import express from 'express'
import Fastify from 'fastify'
import { Hono } from 'hono'
import Koa from 'koa'
import type { Metric, MetricFamily } from '@watchfire/model'
import { afterEach, describe, expect, it } from 'vitest'
import { Registry } from '../registry.js'
import type { RegistryContentType } from '../registry.js'
import { expressMetrics } from './express.js'
import { fastifyMetrics } from './fastify.js'
import { honoMetrics } from './hono.js'
import type { HttpMetricsOptions } from './http-metrics.js'
import { koaMetrics } from './koa.js'

interface RunningApp {
  baseUrl: string
  close(): Promise<void>
}

// Every app serves the same routes: GET /users/:id, GET /boom (throws), GET /missing/:id (a matched
// route answering 404), all mounted under `/api` where the framework has routers with prefixes.
type StartApp = (options: HttpMetricsOptions) => Promise<RunningApp>

const startExpress: StartApp = async (options) => {
  const app = express()
  app.use(expressMetrics(options))
  const api = express.Router()
  api.get('/users/:id', (req, res) => {
    res.send(`user ${req.params.id}`)
  })
  api.get('/boom', () => {
    throw new Error('boom')
  })
  api.get('/missing/:id', (_req, res) => {
    res.status(404).send('no such thing')
  })
  app.use('/api', api)
  // Keep error output out of the test log.
  app.use((_err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).send('failed')
  })
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

const startFastify: StartApp = async (options) => {
  const app = Fastify()
  await app.register(fastifyMetrics(options))
  await app.register(
    (api, _opts, done) => {
      api.get('/users/:id', async (request) => `user ${(request.params as { id: string }).id}`)
      api.get('/boom', async () => {
        throw new Error('boom')
      })
      api.get('/missing/:id', async (_request, reply) => reply.code(404).send('no such thing'))
      done()
    },
    { prefix: '/api' },
  )
  await app.listen({ port: 0, host: '127.0.0.1' })
  return {
    baseUrl: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    close: () => app.close(),
  }
}

const startKoa: StartApp = async (options) => {
  const app = new Koa()
  app.silent = true
  const router = new Router({ prefix: '/api' })
  router.get('/users/:id', (ctx) => {
    ctx.body = `user ${ctx.params.id}`
  })
  router.get('/boom', () => {
    throw new Error('boom')
  })
  router.get('/missing/:id', (ctx) => {
    ctx.status = 404
    ctx.body = 'no such thing'
  })
  app.use(koaMetrics(options))
  app.use(router.routes())
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

const startHono: StartApp = async (options) => {
  const app = new Hono()
  app.use('*', honoMetrics(options))
  const api = new Hono()
  api.get('/users/:id', (c) => c.text(`user ${c.req.param('id')}`))
  api.get('/boom', () => {
    throw new Error('boom')
  })
  api.get('/missing/:id', (c) => c.text('no such thing', 404))
  app.route('/api', api)
  app.onError((_err, c) => c.text('failed', 500))
  let server: ReturnType<typeof serve> | undefined
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port))
  })
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server?.close(() => resolve())),
  }
}

function family(families: MetricFamily[], name: string): MetricFamily | undefined {
  return families.find((f) => f.name === name)
}

function series(families: MetricFamily[], name: string, labels: Record<string, string>): Metric | undefined {
  return family(families, name)?.metrics.find((m) =>
    Object.entries(labels).every(([k, v]) => m.labels[k] === v),
  )
}

describe.each([
  ['express', startExpress],
  ['fastify', startFastify],
  ['koa', startKoa],
  ['hono', startHono],
])('%s middleware', (_framework, start) => {
  let app: RunningApp | undefined
  let registry: Registry<RegistryContentType>

  async function run(options: Omit<HttpMetricsOptions, 'registry'> = {}): Promise<RunningApp> {
    registry = new Registry()
    app = await start({ ...options, registry })
    return app
  }

  afterEach(async () => {
    await app?.close()
    app = undefined
  })

  it('labels requests by route template, never by raw path', async () => {
    const { baseUrl } = await run()
    for (const path of ['/api/users/1', '/api/users/2', '/no/such/path'])
      await (await fetch(baseUrl + path)).text()
    const families = await registry.collect()
    const requests = family(families, 'http_requests_total')
    expect(requests?.type).toBe('counter')
    const labelSets = requests?.metrics.map((m) => m.labels) ?? []
    expect(labelSets.sort((a, b) => (String(a.route) < String(b.route) ? -1 : 1))).toEqual([
      { method: 'GET', route: '/api/users/:id', status_code: '200' },
      { method: 'GET', route: '__unknown__', status_code: '404' },
    ])
    expect(series(families, 'http_requests_total', { route: '/api/users/:id' })?.value).toBe(2)
    expect(series(families, 'http_requests_total', { route: '__unknown__' })?.value).toBe(1)
    const duration = series(families, 'http_request_duration_seconds', {
      route: '/api/users/:id',
      status_code: '200',
    })
    expect(duration?.histogram?.count).toBe(2)
    expect(duration?.histogram?.sum).toBeGreaterThan(0)
    expect(duration?.histogram?.sum).toBeLessThan(5)
    expect(duration?.histogram?.buckets.at(-1)?.upperBound).toBe(Infinity)
  })

  it('records failures and matched 404s with their route', async () => {
    const { baseUrl } = await run()
    expect((await fetch(`${baseUrl}/api/boom`)).status).toBe(500)
    expect((await fetch(`${baseUrl}/api/missing/7`)).status).toBe(404)
    const families = await registry.collect()
    expect(series(families, 'http_requests_total', { route: '/api/boom' })?.labels.status_code).toBe('500')
    expect(series(families, 'http_requests_total', { route: '/api/missing/:id' })?.labels.status_code).toBe(
      '404',
    )
  })

  it('serves the registry on /metrics without counting scrapes', async () => {
    const { baseUrl } = await run()
    await (await fetch(`${baseUrl}/api/users/1`)).text()
    const response = await fetch(`${baseUrl}/metrics`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/plain')
    const text = await response.text()
    expect(text).toContain('http_requests_total{method="GET",route="/api/users/:id",status_code="200"} 1')
    await (await fetch(`${baseUrl}/metrics`)).text()
    const routes = family(await registry.collect(), 'http_requests_total')?.metrics.map((m) => m.labels.route)
    expect(routes).toEqual(['/api/users/:id'])
  })

  it('answers HEAD /metrics with headers only', async () => {
    const { baseUrl } = await run()
    const response = await fetch(`${baseUrl}/metrics`, { method: 'HEAD' })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/plain')
    expect(await response.text()).toBe('')
  })

  it('negotiates OpenMetrics and gzip on /metrics', async () => {
    const { baseUrl } = await run()
    const response = await fetch(`${baseUrl}/metrics`, {
      headers: { accept: 'application/openmetrics-text;version=1.0.0', 'accept-encoding': 'gzip' },
    })
    expect(response.headers.get('content-type')).toContain('application/openmetrics-text')
    expect(response.headers.get('content-encoding')).toBe('gzip')
    // fetch decompresses transparently.
    expect(await response.text()).toMatch(/# EOF\n$/)
  })

  it('applies the prefix and buckets, and can leave /metrics to the application', async () => {
    const { baseUrl } = await run({
      prefix: 'web_',
      buckets: [0.5, 1],
      metricsPath: false,
      unmatchedRoute: 'none',
    })
    expect((await fetch(`${baseUrl}/metrics`)).status).toBe(404)
    await (await fetch(`${baseUrl}/api/users/1`)).text()
    const families = await registry.collect()
    expect(series(families, 'web_http_requests_total', { route: 'none' })?.labels.status_code).toBe('404')
    const duration = series(families, 'web_http_request_duration_seconds', { route: '/api/users/:id' })
    expect(duration?.histogram?.buckets.map((b) => b.upperBound)).toEqual([0.5, 1, Infinity])
  })
})
