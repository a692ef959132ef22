import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { computeRoutePrefix, placeUnderPrefix, sendRedirect, type PrefixedRoute } from './route-prefix.js'

describe('computeRoutePrefix', () => {
  it.each<[string | undefined, string | undefined, string]>([
    [undefined, undefined, ''],
    ['/', undefined, ''],
    ['pg/', undefined, '/pg'],
    ['//a/b//', undefined, '/a/b'],
    ['', 'http://example.com/gw/', '/gw'],
    [undefined, 'http://example.com/a/b', '/a/b'],
    ['/x', 'http://example.com/gw', '/x'],
    ['/', 'http://example.com/gw', ''],
    ['', 'http://example.com', ''],
  ])('prefix %s with external URL %s → %s', (prefix, url, expected) => {
    expect(computeRoutePrefix(prefix, url)).toBe(expected)
  })
})

describe('placeUnderPrefix', () => {
  it.each<[string, string, string, string, PrefixedRoute]>([
    ['GET', '/metrics', '', '', { kind: 'inside', path: '/metrics' }],
    ['GET', '/', '', '', { kind: 'inside', path: '/' }],
    ['GET', '/prom/metrics', '', '/prom', { kind: 'inside', path: '/metrics' }],
    ['POST', '/prom/api/v1/write', '', '/prom', { kind: 'inside', path: '/api/v1/write' }],
    ['GET', '/prom/', '?x=1', '/prom', { kind: 'inside', path: '/' }],
    ['GET', '/', '?x=1', '/prom', { kind: 'redirect', status: 302, location: '/prom' }],
    ['GET', '/prom', '?x=1', '/prom', { kind: 'redirect', status: 301, location: '/prom/?x=1' }],
    ['HEAD', '/prom', '', '/prom', { kind: 'outside' }],
    ['POST', '/prom', '', '/prom', { kind: 'outside' }],
    ['OPTIONS', '/', '', '/prom', { kind: 'root-options' }],
    ['POST', '/', '', '/prom', { kind: 'root-method-not-allowed' }],
    ['HEAD', '/', '', '/prom', { kind: 'root-method-not-allowed' }],
    ['GET', '/metrics', '', '/prom', { kind: 'outside' }],
    ['GET', '/promx/metrics', '', '/prom', { kind: 'outside' }],
  ])('%s %s%s under %j', (method, path, search, prefix, expected) => {
    expect(placeUnderPrefix(method, path, search, prefix)).toEqual(expected)
  })
})

describe('sendRedirect', () => {
  let server: Server
  let base: string
  beforeAll(async () => {
    server = createServer((req, res) => sendRedirect(res, req.method ?? 'GET', 302, '/a?b="c"&d'))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it("writes Go's redirect page, escaped, and the Location as given", async () => {
    const res = await fetch(`${base}/`, { redirect: 'manual' })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/a?b="c"&d')
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await res.text()).toBe('<a href="/a?b=&#34;c&#34;&amp;d">Found</a>.\n\n')
  })

  it('sends no body for HEAD', async () => {
    const res = await fetch(`${base}/`, { method: 'HEAD', redirect: 'manual' })
    expect(res.status).toBe(302)
    expect(res.headers.get('content-length')).toBe('0')
  })
})
