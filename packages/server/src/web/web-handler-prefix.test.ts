import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Engine } from '@watchfire/promql'
import { MemoryStorage } from '@watchfire/storage'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWebHandler, type WebDeps } from './web-handler.js'

const status: WebDeps['status'] = {
  configYaml: () => '',
  flags: () => ({}),
  buildInfo: () => ({ version: 'v', revision: '', branch: '', buildUser: '', buildDate: '', goVersion: '' }),
  runtimeInfo: () => ({
    startTime: '',
    CWD: '/',
    reloadConfigSuccess: true,
    lastConfigTime: '',
    corruptionCount: 0,
    goroutineCount: 1,
    GOMAXPROCS: 1,
    GOGC: '',
    GODEBUG: '',
    storageRetention: '15d',
  }),
  tsdbStatus: () => Promise.reject(new Error('unused')),
}

// Paths as Prometheus 2.42 answers them under --web.external-url=http://host/prom/ (checked against the binary).
describe('the web handler under a route prefix', () => {
  let server: Server
  let base: string
  const observed: string[] = []

  beforeAll(async () => {
    const deps: WebDeps = {
      engine: new Engine(),
      queryable: new MemoryStorage(),
      now: () => 1_700_000_000_000,
      targets: { activeTargets: () => new Map(), droppedTargets: () => new Map() },
      metadata: { metadataFor: () => new Map() },
      status,
      lifecycle: { enabled: false, reload: () => Promise.resolve(), quit: () => {} },
      isReady: () => true,
      metrics: (_req, res) => res.end('m 1\n'),
      federate: (_req, res) => {
        res.end('')
        return Promise.resolve()
      },
      // The UI answers its pages below the prefix, as serveUi does with { prefix }.
      ui: (req, res) => {
        if (req.url !== '/prom/query') return Promise.resolve(false)
        res.end('ui')
        return Promise.resolve(true)
      },
      observe: (handler, code) => observed.push(`${handler} ${code}`),
      routePrefix: '/prom',
    }
    server = createServer(createWebHandler(deps))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise((r) => server.close(r)))

  it.each<[string, string, number, string | null]>([
    ['GET', '/', 302, '/prom'],
    ['GET', '/?x=1', 302, '/prom'],
    ['GET', '/prom', 301, '/prom/'],
    ['GET', '/prom?x=1', 301, '/prom/?x=1'],
    ['POST', '/prom', 404, null],
    ['HEAD', '/prom', 404, null],
    ['POST', '/', 405, null],
    ['HEAD', '/', 405, null],
    ['OPTIONS', '/', 200, null],
    ['GET', '/prom/-/healthy', 200, null],
    ['GET', '/prom/-/ready', 200, null],
    ['GET', '/prom/metrics', 200, null],
    ['GET', '/prom/federate', 200, null],
    ['GET', '/prom/api/v1/query?query=1', 200, null],
    ['POST', '/prom/api/v1/write', 404, null],
    ['GET', '/prom/query', 200, null],
    ['GET', '/prom/nothing', 404, null],
    ['GET', '/-/healthy', 404, null],
    ['GET', '/metrics', 404, null],
    ['GET', '/api/v1/query?query=1', 404, null],
    ['GET', '/federate', 404, null],
    ['GET', '/query', 404, null],
    ['GET', '/promx/-/healthy', 404, null],
  ])('%s %s → %i %s', async (method, path, code, location) => {
    const res = await fetch(base + path, { method, redirect: 'manual' })
    expect(res.status).toBe(code)
    expect(res.headers.get('location')).toBe(location)
    await res.arrayBuffer()
  })

  it('names handlers without the prefix, as prometheus_http_requests_total does', async () => {
    observed.length = 0
    for (const path of ['/', '/prom/api/v1/query?query=1', '/prom/-/healthy']) {
      await (await fetch(base + path, { redirect: 'manual' })).arrayBuffer()
    }
    expect(observed).toEqual(['/ 302', '/api/v1/query 200', '/-/healthy 200'])
  })

  it('refuses other methods at the root as httprouter does', async () => {
    const res = await fetch(`${base}/`, { method: 'POST' })
    expect(res.headers.get('allow')).toBe('GET, OPTIONS')
    expect(await res.text()).toBe('Method Not Allowed\n')
  })

  it("answers outside the prefix with Go's 404", async () => {
    const res = await fetch(`${base}/metrics`)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-length')).toBe('19')
    expect(await res.text()).toBe('404 page not found\n')
  })
})
