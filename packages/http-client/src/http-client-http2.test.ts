import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
} from 'node:http'
import {
  createSecureServer,
  type Http2SecureServer,
  type Http2ServerRequest,
  type Http2ServerResponse,
  type ServerHttp2Session,
} from 'node:http2'
import { createServer as createHttpsServer } from 'node:https'
import { connect, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TLSSocket } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCa, type TestCa } from '../../../test/support/test-certificates.js'
import type { HttpClientConfig } from './config-types.js'
import { defaultTlsConfig } from './config-keys.js'
import { HttpClient } from './http-client.js'

interface Hit {
  version: string
  url: string
  authorization: string
  body: string
  clientVerified: boolean
}

let dir: string
let ca: TestCa
const hits: Hit[] = []
let h2Sessions = 0
const openSessions = new Set<ServerHttp2Session>()
let h2Port = 0
let h1Port = 0
let proxyUrl = ''
const closers: (() => void)[] = []

function config(extra: Partial<HttpClientConfig> = {}): HttpClientConfig {
  return {
    bearerToken: '',
    bearerTokenFile: '',
    tlsConfig: { ...defaultTlsConfig(), caFile: join(dir, 'trusted.crt') },
    proxyUrl: '',
    followRedirects: true,
    enableHttp2: true,
    ...extra,
  }
}

type Handler = (req: IncomingMessage | Http2ServerRequest, res: Http2ServerResponse) => void

const handler: Handler = (req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    const socket = req.socket as TLSSocket
    hits.push({
      version: req.httpVersion,
      url: req.url ?? '',
      authorization: req.headers.authorization ?? '',
      body: Buffer.concat(chunks).toString(),
      clientVerified: socket.authorized,
    })
    if (req.url === '/redirect') res.writeHead(302, { Location: '/final' }).end()
    else if (req.url === '/big') res.end(Buffer.alloc(4 << 20, 'x'))
    else if (req.url === '/slow') setTimeout(() => res.end('late'), 2000)
    else if (req.url === '/unavailable') res.writeHead(503).end()
    else res.end(`hello ${req.url ?? ''}`)
  })
}

async function listen(server: Server | Http2SecureServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  closers.push(() => server.close())
  return (server.address() as AddressInfo).port
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'watchfire-http2-client-'))
  ca = createTestCa(dir)
  copyFileSync(ca.certFile, join(dir, 'trusted.crt'))
  const cert = ca.issue('server', ['IP:127.0.0.1'], 'serverAuth')
  const tls = {
    cert: readFileSync(cert.certFile),
    key: readFileSync(cert.keyFile),
    ca: readFileSync(ca.certFile),
    requestCert: true,
    rejectUnauthorized: false,
  }
  const h2 = createSecureServer({ ...tls, allowHTTP1: true }, handler)
  h2.on('session', (s) => {
    h2Sessions++
    openSessions.add(s)
    s.once('close', () => openSessions.delete(s))
  })
  closers.push(() => openSessions.forEach((s) => s.destroy()))
  h2Port = await listen(h2)
  const h1 = createHttpsServer(tls, handler as unknown as RequestListener)
  closers.push(() => h1.closeAllConnections())
  h1Port = await listen(h1)
  const proxy = createHttpServer()
  proxy.on('connect', (req: IncomingMessage, socket) => {
    const [host, port] = (req.url ?? '').split(':')
    const up = connect(Number(port), host as string, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      up.pipe(socket)
      socket.pipe(up)
    })
    up.on('error', () => socket.destroy())
  })
  closers.push(() => proxy.closeAllConnections())
  proxyUrl = `http://127.0.0.1:${await listen(proxy)}`
}, 30_000)

afterAll(() => {
  for (const close of closers.splice(0)) close()
  rmSync(dir, { recursive: true, force: true })
})

async function get(
  client: HttpClient,
  url: string,
  options: { method?: string; body?: Buffer; signal?: AbortSignal } = {},
): Promise<{ status: number; message: string; version: string; body: string }> {
  const res = await client.request(url, { ...options, signal: options.signal ?? AbortSignal.timeout(5000) })
  const chunks: Buffer[] = []
  for await (const c of res as AsyncIterable<Buffer>) chunks.push(c)
  return {
    status: res.statusCode ?? 0,
    message: res.statusMessage ?? '',
    version: res.httpVersion,
    body: Buffer.concat(chunks).toString(),
  }
}

describe('HttpClient over HTTP/2', () => {
  it('negotiates h2 when offered and shares one session per origin', async () => {
    const client = new HttpClient(config())
    const before = h2Sessions
    const answers = await Promise.all(
      [1, 2, 3, 4].map((n) => get(client, `https://127.0.0.1:${h2Port}/${n}`)),
    )
    answers.push(await get(client, `https://127.0.0.1:${h2Port}/5`))
    client.close()
    expect(answers.map((a) => [a.version, a.body])).toEqual(
      [1, 2, 3, 4, 5].map((n) => ['2.0', `hello /${n}`]),
    )
    expect(hits.slice(-5).map((h) => h.version)).toEqual(['2.0', '2.0', '2.0', '2.0', '2.0'])
    expect(h2Sessions - before).toBe(1)
  })

  it.each([
    ['a server without h2', () => h1Port, true],
    ['enable_http2: false', () => h2Port, false],
  ])('uses HTTP/1.1 with %s', async (_what, port, enableHttp2) => {
    const client = new HttpClient(config({ enableHttp2 }), { keepAliveSockets: 2 })
    const answers = [
      await get(client, `https://127.0.0.1:${port()}/a`),
      await get(client, `https://127.0.0.1:${port()}/b`),
    ]
    client.close()
    expect(answers.map((a) => [a.version, a.body])).toEqual([
      ['1.1', 'hello /a'],
      ['1.1', 'hello /b'],
    ])
    expect(hits.slice(-2).map((h) => h.version)).toEqual(['1.1', '1.1'])
  })

  it('keeps to HTTP/1.1 through a proxy', async () => {
    const client = new HttpClient(config({ proxyUrl }))
    expect((await get(client, `https://127.0.0.1:${h2Port}/proxied`)).version).toBe('1.1')
    expect(hits.at(-1)?.version).toBe('1.1')
  })

  it('follows redirects, sends credentials and bodies, and gives the standard reason phrase', async () => {
    const client = new HttpClient(config({ basicAuth: { username: 'u', password: 'p', passwordFile: '' } }))
    const redirected = await get(client, `https://127.0.0.1:${h2Port}/redirect`)
    const posted = await get(client, `https://127.0.0.1:${h2Port}/post`, {
      method: 'POST',
      body: Buffer.from('payload'),
    })
    const unavailable = await get(client, `https://127.0.0.1:${h2Port}/unavailable`)
    client.close()
    expect([redirected.status, redirected.body]).toEqual([200, 'hello /final'])
    expect([posted.status, posted.body]).toEqual([200, 'hello /post'])
    expect(hits.slice(-4).map((h) => [h.version, h.url, h.authorization, h.body])).toEqual([
      ['2.0', '/redirect', 'Basic dTpw', ''],
      ['2.0', '/final', 'Basic dTpw', ''],
      ['2.0', '/post', 'Basic dTpw', 'payload'],
      ['2.0', '/unavailable', 'Basic dTpw', ''],
    ])
    expect([unavailable.status, unavailable.message]).toEqual([503, 'Service Unavailable'])
  })

  it('presents the tls_config client certificate', async () => {
    const cert = ca.issue('client', ['DNS:client'], 'clientAuth')
    const tlsConfig = { ...config().tlsConfig, certFile: cert.certFile, keyFile: cert.keyFile }
    const client = new HttpClient(config({ tlsConfig }))
    expect((await get(client, `https://127.0.0.1:${h2Port}/mtls`)).version).toBe('2.0')
    client.close()
    expect(hits.at(-1)?.clientVerified).toBe(true)
  })

  it('reads large bodies completely and cancels one stream without losing the session', async () => {
    const client = new HttpClient(config())
    const before = h2Sessions
    const full = await client.request(`https://127.0.0.1:${h2Port}/big`, {
      signal: AbortSignal.timeout(5000),
    })
    let size = 0
    for await (const c of full as AsyncIterable<Buffer>) size += (c as Buffer).length
    expect([size, full.complete]).toEqual([4 << 20, true])
    // A caller's body limit destroys the response part way.
    const cut = await client.request(`https://127.0.0.1:${h2Port}/big`, { signal: AbortSignal.timeout(5000) })
    await new Promise<void>((resolve) => {
      cut.once('data', () => {
        cut.destroy()
        resolve()
      })
    })
    expect(cut.complete).toBe(false)
    expect((await get(client, `https://127.0.0.1:${h2Port}/after`)).body).toBe('hello /after')
    client.close()
    expect(h2Sessions - before).toBe(1)
  })

  it('honours the request signal (scrape timeouts)', async () => {
    const client = new HttpClient(config())
    await expect(
      get(client, `https://127.0.0.1:${h2Port}/slow`, { signal: AbortSignal.timeout(200) }),
    ).rejects.toThrow()
    expect((await get(client, `https://127.0.0.1:${h2Port}/fast`)).version).toBe('2.0')
    client.close()
  })

  it('opens a new session when a tls_config file changes, and only then', async () => {
    const client = new HttpClient(config())
    const before = h2Sessions
    const trusted = join(dir, 'trusted.crt')
    await get(client, `https://127.0.0.1:${h2Port}/first`)
    // Rewritten with the same content: the session stays.
    copyFileSync(ca.certFile, trusted)
    await get(client, `https://127.0.0.1:${h2Port}/same`)
    // A second CA added to the bundle, as in a CA rotation.
    appendFileSync(trusted, readFileSync(createTestCa(dir, 'next-ca').certFile))
    await get(client, `https://127.0.0.1:${h2Port}/rotated`)
    client.close()
    copyFileSync(ca.certFile, trusted)
    expect(h2Sessions - before).toBe(2)
  })

  it('opens a new session when the server has gone away', async () => {
    const client = new HttpClient(config())
    const before = h2Sessions
    await get(client, `https://127.0.0.1:${h2Port}/one`)
    // The server drops every session, as a restart would.
    for (const s of openSessions) s.destroy()
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect((await get(client, `https://127.0.0.1:${h2Port}/two`)).body).toBe('hello /two')
    client.close()
    expect(h2Sessions - before).toBe(2)
  })
})
