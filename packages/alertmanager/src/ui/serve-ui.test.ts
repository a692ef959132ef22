import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveUi, uiDirs, type UiDirs } from './serve-ui.js'

let root = ''
let server: Server
let base = ''

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'watchfire-am-ui-'))
  const dirs: UiDirs = { staticDir: join(root, 'static'), scriptDir: join(root, 'app') }
  await mkdir(dirs.staticDir)
  await mkdir(dirs.scriptDir)
  await writeFile(join(dirs.staticDir, 'index.html'), '<!doctype html><title>am</title>')
  await writeFile(join(dirs.staticDir, 'style.css'), 'body{}')
  await writeFile(join(dirs.scriptDir, 'main.js'), 'export {}')
  await writeFile(join(root, 'secret.js'), 'no')
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    void serveUi(req, res, path, dirs).then((done) => {
      if (!done) res.writeHead(404).end('nope')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((r) => server.close(r))
  await rm(root, { recursive: true, force: true })
})

describe('serveUi', () => {
  it.each([
    ['/', 200, 'text/html; charset=utf-8'],
    ['/index.html', 200, 'text/html; charset=utf-8'],
    ['/static/style.css', 200, 'text/css; charset=utf-8'],
    ['/app/main.js', 200, 'text/javascript; charset=utf-8'],
    ['/app/missing.js', 404, undefined],
    ['/static/../secret.js', 404, undefined],
    ['/app/%2e%2e%2fsecret.js', 404, undefined],
    ['/app/main.ts', 404, undefined],
    ['/alerts', 404, undefined],
  ])('GET %s answers %i', async (path, status, type) => {
    const res = await fetch(`${base}${path}`)
    expect(res.status).toBe(status)
    if (type !== undefined) expect(res.headers.get('content-type')).toBe(type)
  })

  it('leaves other methods to the caller', async () => {
    const res = await fetch(`${base}/`, { method: 'POST' })
    expect(res.status).toBe(404)
  })

  it('finds the page in this package', () => {
    expect(uiDirs().staticDir).toMatch(/packages\/alertmanager\/app\/static$/)
    expect(uiDirs().scriptDir).toMatch(/packages\/alertmanager\/dist\/app$/)
  })
})
