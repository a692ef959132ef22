import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { uiAssetsDir } from './assets-dir.js'
import { serveUi } from './serve-ui.js'

let dir: string
let server: Server
let base: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'watchfire-ui-'))
  await mkdir(join(dir, 'assets'))
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>ui</title>')
  await writeFile(join(dir, 'assets', 'index-abc.js'), 'console.log(1)')
  await writeFile(join(dir, 'assets', 'index-abc.css'), 'body{}')
  await writeFile(join(dir, 'secret.txt'), 'no')
  server = createServer((req, res) => {
    void serveUi(req, res, { prefix: '/prom', assetsDir: dir }).then((handled) => {
      if (!handled) {
        res.writeHead(418)
        res.end('not the UI')
      }
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((r) => server.close(r))
  await rm(dir, { recursive: true, force: true })
})

describe('serveUi', () => {
  it.each([
    ['/prom/query', 200, 'text/html; charset=utf-8', 'no-cache'],
    ['/prom/targets', 200, 'text/html; charset=utf-8', 'no-cache'],
    ['/prom/tsdb-status/', 200, 'text/html; charset=utf-8', 'no-cache'],
    ['/prom/service-discovery', 200, 'text/html; charset=utf-8', 'no-cache'],
    [
      '/prom/assets/index-abc.js',
      200,
      'text/javascript; charset=utf-8',
      'public, max-age=31536000, immutable',
    ],
    ['/prom/assets/index-abc.css', 200, 'text/css; charset=utf-8', 'public, max-age=31536000, immutable'],
  ])('answers %s with %d %s', async (path, status, type, cache) => {
    const res = await fetch(base + path)
    expect(res.status).toBe(status)
    expect(res.headers.get('content-type')).toBe(type)
    expect(res.headers.get('cache-control')).toBe(cache)
    expect((await res.text()).length).toBeGreaterThan(0)
  })

  it.each([
    ['/prom', '/prom/query'],
    ['/prom/', '/prom/query'],
    ['/prom/graph?g0.expr=up&g0.tab=1', '/prom/query?g0.expr=up&g0.tab=1'],
  ])('redirects %s to %s', async (path, location) => {
    const res = await fetch(base + path, { redirect: 'manual' })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(location)
  })

  it.each([
    ['/prom/assets/missing.js', 404],
    ['/prom/assets/..%2Fsecret.txt', 404],
    // fetch resolves %2E%2E before sending, so this one arrives as /prom/secret.txt.
    ['/prom/assets/%2E%2E/secret.txt', 418],
    ['/prom/api/v1/query', 418],
    ['/prom/secret.txt', 418],
    ['/other/query', 418],
    ['/promx/query', 418],
  ])('does not serve %s as a UI file (%d)', async (path, status) => {
    const res = await fetch(base + path)
    expect(res.status).toBe(status)
    expect(await res.text()).not.toBe('no')
  })

  it('answers HEAD without a body and leaves other methods to the caller', async () => {
    const head = await fetch(`${base}/prom/alerts`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0)
    const post = await fetch(`${base}/prom/query`, { method: 'POST' })
    expect(post.status).toBe(418)
  })
})

describe('uiAssetsDir', () => {
  it('points at this package dist/app from the sources too', () => {
    expect(uiAssetsDir()).toMatch(/packages[/\\]ui[/\\]dist[/\\]app$/)
  })
})
