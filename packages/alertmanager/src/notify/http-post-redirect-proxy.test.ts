import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { connect, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createTestCa, type TestCa } from '../../../../test/support/test-certificates.js'
import { defaultHttpConfig, type HttpConfig } from '../config/http-config.js'
import { Deadline } from './deadline.js'
import { closeTarget, httpPost, postTarget, type PostTarget } from './http-post.js'
import { NotifyError } from './integration.js'

interface Seen {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
}

const servers: Server[] = []
const targets: PostTarget[] = []

afterEach(async () => {
  for (const t of targets.splice(0)) closeTarget(t)
  for (const s of servers.splice(0)) {
    s.closeAllConnections()
    await new Promise((resolve) => s.close(resolve))
  }
})

async function listen(server: Server): Promise<number> {
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

/** Records each request into `seen`, then lets `answer` respond (by default 200 `answered`). */
function record(
  seen: Seen[],
  answer: (path: string, res: ServerResponse) => void = (_, res) => res.end('answered'),
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => (body += c))
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
      answer(req.url ?? '', res)
    })
  }
}

/**
 * A loopback forward proxy: answers plain-HTTP requests itself (recording their absolute-form line), and
 * tunnels CONNECT to loopback ports unless `refuse` is set, recording each CONNECT.
 */
async function proxy(refuse = false): Promise<{
  port: number
  seen: Seen[]
  connects: Seen[]
  connections: () => number
}> {
  const seen: Seen[] = []
  const connects: Seen[] = []
  let connections = 0
  const server = createServer(record(seen))
  server.on('connection', () => connections++)
  server.on('connect', (req, socket) => {
    connects.push({ method: 'CONNECT', url: req.url ?? '', headers: req.headers, body: '' })
    if (refuse) {
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n')
      return
    }
    const upstream = connect(Number((req.url ?? '').split(':').pop()), '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.pipe(socket)
      socket.pipe(upstream)
    })
    // Either side closing closes the tunnel, as a proxy does.
    upstream.on('close', () => socket.destroy())
    socket.on('close', () => upstream.destroy())
    upstream.on('error', () => socket.destroy())
    socket.on('error', () => upstream.destroy())
  })
  const port = await listen(server)
  return { port, seen, connects, connections: () => connections }
}

function post(
  url: string,
  http: Partial<HttpConfig>,
  headers: Record<string, string> = {},
): ReturnType<typeof httpPost> {
  const target = postTarget(url, { ...defaultHttpConfig(), ...http })
  targets.push(target)
  return httpPost(target, '{"n":1}', { 'Content-Type': 'application/json', ...headers }, new Deadline())
}

const basic = (userinfo: string): string => `Basic ${Buffer.from(userinfo).toString('base64')}`

/** Redirects /hook with `status` to /moved, which answers 200 `moved`. */
function redirecting(status: number, location = '/moved') {
  return (path: string, res: ServerResponse): void => {
    if (path.startsWith('/hook')) res.writeHead(status, { Location: location }).end('go away')
    else res.end('moved')
  }
}

/** A loopback receiver answering with `answer`, recording what it got and counting its connections. */
async function receiver(
  answer: (path: string, res: ServerResponse) => void,
): Promise<{ origin: string; seen: Seen[]; connections: () => number }> {
  const seen: Seen[] = []
  let connections = 0
  const server = createServer(record(seen, answer))
  server.on('connection', () => connections++)
  const port = await listen(server)
  return { origin: `http://127.0.0.1:${port}`, seen, connections: () => connections }
}

describe('httpPost redirects', () => {
  it.each<[number, string, string]>([
    [307, 'POST', '{"n":1}'],
    [308, 'POST', '{"n":1}'],
    [301, 'GET', ''],
    [302, 'GET', ''],
    [303, 'GET', ''],
  ])('follows a %i as Go does: %s with body %j', async (status, method, body) => {
    const r = await receiver(redirecting(status))
    expect(await post(`${r.origin}/hook?a=1`, {}, { Authorization: 'Bearer t' })).toMatchObject({
      status: 200,
      body: 'moved',
    })
    expect(r.seen.map((s) => [s.method, s.url, s.body])).toEqual([
      ['POST', '/hook?a=1', '{"n":1}'],
      [method, '/moved', body],
    ])
    const hop = r.seen[1]?.headers
    expect([hop?.authorization, hop?.referer, hop?.['content-type']]).toEqual([
      'Bearer t',
      `${r.origin}/hook?a=1`,
      'application/json',
    ])
    expect(hop?.['content-length']).toBe(method === 'POST' ? '7' : undefined)
    // The same origin: the kept-alive connection carries the next hop too.
    expect(r.connections()).toBe(1)
  })

  it('follows a redirect to another origin on a connection of its own', async () => {
    const other = await receiver((_, res) => res.writeHead(202).end('elsewhere'))
    const r = await receiver(redirecting(307, `${other.origin}/there`))
    expect(await post(`${r.origin}/hook`, {})).toMatchObject({ status: 202, body: 'elsewhere' })
    expect(other.seen.map((s) => [s.method, s.url, s.body, s.headers.referer])).toEqual([
      ['POST', '/there', '{"n":1}', `${r.origin}/hook`],
    ])
  })

  it('answers with the 3xx itself when follow_redirects is off', async () => {
    const r = await receiver(redirecting(302))
    expect(await post(`${r.origin}/hook`, { followRedirects: false })).toEqual({
      status: 302,
      body: 'go away',
      location: '/moved',
    })
    expect(r.seen).toHaveLength(1)
  })

  it('answers with a 3xx that names no Location', async () => {
    const r = await receiver((_, res) => res.writeHead(307).end())
    expect((await post(`${r.origin}/hook`, {})).status).toBe(307)
  })

  it('gives up after 10 redirects with a retryable error', async () => {
    const r = await receiver((path, res) => res.writeHead(307, { Location: `${path}x` }).end())
    const err = await post(`${r.origin}/hook`, {}).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(NotifyError)
    expect((err as NotifyError).message).toBe(`cannot POST to ${r.origin}/hook (stopped after 10 redirects)`)
    expect((err as NotifyError).retry).toBe(true)
    expect(r.seen).toHaveLength(11)
  })

  it('refuses a redirect to a scheme it cannot speak', async () => {
    const r = await receiver(redirecting(302, 'ftp://127.0.0.1/x'))
    await expect(post(`${r.origin}/hook`, {})).rejects.toThrow('(unsupported protocol scheme "ftp")')
  })
})

describe('httpPost through proxy_url', () => {
  let dir: string
  let ca: TestCa

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'watchfire-http-proxy-'))
    ca = createTestCa(dir, 'ca')
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('sends plain-HTTP requests to the proxy in absolute form, with its credentials, on a kept-alive connection', async () => {
    const p = await proxy()
    const target = postTarget('http://hook.test:9093/hook?x=1', {
      ...defaultHttpConfig(),
      proxyUrl: `http://user:p%40ss@127.0.0.1:${p.port}`,
    })
    targets.push(target)
    for (let i = 0; i < 2; i++)
      expect(await httpPost(target, '{"n":1}', {}, new Deadline())).toMatchObject({
        status: 200,
        body: 'answered',
      })
    expect(
      p.seen.map((s) => [s.method, s.url, s.headers.host, s.headers['proxy-authorization'], s.body]),
    ).toEqual([
      ['POST', 'http://hook.test:9093/hook?x=1', 'hook.test:9093', basic('user:p@ss'), '{"n":1}'],
      ['POST', 'http://hook.test:9093/hook?x=1', 'hook.test:9093', basic('user:p@ss'), '{"n":1}'],
    ])
    expect(p.connections()).toBe(1)
  })

  it('tunnels HTTPS with CONNECT, sending proxy_connect_header, and verifies the receiver through the tunnel', async () => {
    const p = await proxy()
    const cert = ca.issue('receiver', ['IP:127.0.0.1'], 'serverAuth')
    const received: Seen[] = []
    const receiver = createHttpsServer(
      { cert: readFileSync(cert.certFile), key: readFileSync(cert.keyFile) },
      record(received),
    )
    const port = await listen(receiver)
    const res = await post(`https://127.0.0.1:${port}/hook`, {
      proxyUrl: `http://u:p@127.0.0.1:${p.port}`,
      proxyConnectHeader: { 'X-Tenant': ['a', 'b'] },
      tls: { ...defaultHttpConfig().tls, caFile: ca.certFile },
    })
    expect(res).toMatchObject({ status: 200, body: 'answered' })
    expect(
      p.connects.map((c) => [
        c.url,
        c.headers['proxy-authorization'],
        c.headers['x-tenant'],
        c.headers['user-agent'],
      ]),
    ).toEqual([[`127.0.0.1:${port}`, basic('u:p'), 'a, b', 'Go-http-client/1.1']])
    expect(received.map((s) => [s.method, s.url, s.body])).toEqual([['POST', '/hook', '{"n":1}']])
    expect(p.seen).toEqual([])
  })

  it('fails retryably when the proxy refuses the tunnel', async () => {
    const p = await proxy(true)
    const err = await post('https://127.0.0.1:1/hook', { proxyUrl: `http://127.0.0.1:${p.port}` }).catch(
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(NotifyError)
    expect((err as NotifyError).retry).toBe(true)
    expect((err as NotifyError).message).toBe(
      'cannot POST to https://127.0.0.1:1/hook (proxyconnect tcp: proxy answered 403 Forbidden)',
    )
  })

  it.each([
    ['socks5://127.0.0.1:1080', 'http://127.0.0.1:1/hook'],
    ['proxy', 'https://127.0.0.1:1/hook'],
  ])('refuses proxy %s it cannot speak, without retrying', async (proxyUrl, url) => {
    const err = await post(url, { proxyUrl }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(NotifyError)
    expect((err as NotifyError).retry).toBe(false)
    expect((err as NotifyError).message).toBe(
      `cannot POST to ${url} (cannot use proxy ${JSON.stringify(proxyUrl)} (only http:// proxies are supported))`,
    )
  })
})
