import { X509Certificate } from 'node:crypto'
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request as httpsRequest } from 'node:https'
import { connect as http2Connect, type ClientHttp2Session, type IncomingHttpHeaders } from 'node:http2'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect as tlsConnect } from 'node:tls'
import { gunzipSync, createGzip } from 'node:zlib'
import bcrypt from 'bcryptjs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createTestCa, type IssuedCertificate, type TestCa } from '../../../test/support/test-certificates.js'
import type { ConnectionLimits, ConnectionRejectReason } from './connection-limits.js'
import { createWebServer, type WebServer } from './create-web-server.js'
import { DEFAULT_MAX_CONCURRENT_STREAMS } from './http2-server.js'
import type { RequestHandler } from './web-handler.js'

interface Answer {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
}

let dir: string
let ca: TestCa
let server1: IssuedCertificate
let server2: IssuedCertificate
let client: IssuedCertificate
let running: WebServer | undefined
let rejected: ConnectionRejectReason[] = []
const sessions: ClientHttp2Session[] = []

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wf-http2-'))
  ca = createTestCa(dir)
  server1 = ca.issue('server1', ['DNS:localhost', 'IP:127.0.0.1'], 'serverAuth')
  server2 = ca.issue('server2', ['DNS:localhost', 'IP:127.0.0.1'], 'serverAuth')
  client = ca.issue('client', ['DNS:client.example'], 'clientAuth')
  copyFileSync(server1.certFile, join(dir, 'live.crt'))
  copyFileSync(server1.keyFile, join(dir, 'live.key'))
}, 30_000)

afterAll(() => rmSync(dir, { recursive: true, force: true }))

afterEach(async () => {
  for (const s of sessions.splice(0)) s.destroy()
  const s = running?.server
  running?.guard?.stop()
  running = undefined
  if (s !== undefined)
    await new Promise<void>((resolve) => (s.closeAllConnections(), s.close(() => resolve())))
})

/** What the handler saw: the protocol version of each request and the request bodies. */
const seen: { version: string; body: string }[] = []

/** Requests to /hold in flight now, and the most at once. */
let held = 0
let maxHeld = 0

const handler: RequestHandler = (req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    seen.push({ version: req.httpVersion, body: Buffer.concat(chunks).toString() })
    if (req.url === '/gzip') {
      res.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Type': 'text/plain' })
      const gzip = createGzip()
      gzip.pipe(res)
      gzip.end('compressed '.repeat(100))
    } else if (req.url === '/stream') {
      res.writeHead(200, { 'Content-Type': 'text/plain' })
      res.write('first;')
      setTimeout(() => res.end('second'), 50)
    } else if (req.url === '/hold') {
      maxHeld = Math.max(maxHeld, ++held)
      setTimeout(() => {
        held--
        res.end('held')
      }, 300)
    } else res.end(`hello ${req.url ?? ''} ${Buffer.concat(chunks).toString()}`.trim())
  })
}

async function start(lines: readonly string[], limits?: Partial<ConnectionLimits>): Promise<number> {
  const path = join(dir, 'web.yml')
  writeFileSync(path, lines.join('\n') + '\n')
  rejected = []
  running = createWebServer(handler, {
    webConfigFile: path,
    log: () => undefined,
    ...(limits === undefined ? {} : { connectionLimits: { limits, reject: (r) => rejected.push(r) } }),
  })
  const s = running.server
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
  return (s.address() as AddressInfo).port
}

const TLS_LINES = ['tls_server_config:', '  cert_file: live.crt', '  key_file: live.key']

function session(port: number, withCert = false): ClientHttp2Session {
  const s = http2Connect(`https://127.0.0.1:${port}`, {
    ca: readFileSync(ca.certFile),
    ...(withCert ? { cert: readFileSync(client.certFile), key: readFileSync(client.keyFile) } : {}),
  })
  s.on('error', () => undefined)
  sessions.push(s)
  return s
}

function h2(
  s: ClientHttp2Session,
  path: string,
  headers: Record<string, string> = {},
  body = '',
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = s.request({ ':path': path, ':method': body === '' ? 'GET' : 'POST', ...headers })
    let answer: IncomingHttpHeaders = {}
    const chunks: Buffer[] = []
    req.on('response', (h) => (answer = h))
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      if (answer[':status'] === undefined) reject(new Error(`no response to ${path}`))
      else resolve({ status: Number(answer[':status']), headers: answer, body: Buffer.concat(chunks) })
    })
    req.on('error', reject)
    // A GET stream is ended with its headers.
    if (body !== '') req.end(body)
  })
}

function h1(port: number, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      `https://127.0.0.1:${port}${path}`,
      { ca: readFileSync(ca.certFile), agent: false, headers },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        )
      },
    )
    req.on('error', reject)
    req.end()
  })
}

/** The protocol ALPN settles on when the client offers h2 and http/1.1. */
function alpn(port: number): Promise<string | false | null> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect(
      { host: '127.0.0.1', port, ca: readFileSync(ca.certFile), ALPNProtocols: ['h2', 'http/1.1'] },
      () => {
        resolve(socket.alpnProtocol)
        socket.destroy()
      },
    )
    socket.on('error', reject)
  })
}

describe('HTTP/2 in createWebServer', () => {
  it('serves h2 and HTTP/1.1 from one TLS listener', async () => {
    const port = await start(TLS_LINES)
    seen.length = 0
    const viaH2 = await h2(session(port), '/a')
    const viaH1 = await h1(port, '/b')
    expect([viaH2.status, viaH2.body.toString()]).toEqual([200, 'hello /a'])
    expect([viaH1.status, viaH1.body.toString()]).toEqual([200, 'hello /b'])
    expect(seen.map((s) => s.version)).toEqual(['2.0', '1.1'])
  })

  it.each([
    ['absent', [], 'h2'],
    ['true', ['http_server_config:', '  http2: true'], 'h2'],
    // Like the toolkit's server, which then leaves ALPN out of its handshakes altogether.
    ['false', ['http_server_config:', '  http2: false'], false],
  ])('with http2 %s, ALPN settles on %s', async (_what, extra, protocol) => {
    const port = await start([...TLS_LINES, ...extra])
    expect(await alpn(port)).toBe(protocol)
    expect((await h1(port, '/')).status).toBe(200)
  })

  it('speaks HTTP/1.1 only without TLS (no h2c)', async () => {
    const path = join(dir, 'plain.yml')
    writeFileSync(path, 'http_server_config:\n  http2: true\n')
    running = createWebServer(handler, { webConfigFile: path })
    expect(running.scheme).toBe('http')
    expect('updateSettings' in running.server).toBe(false)
  })

  it('advertises the stream limit', async () => {
    const s = session(await start(TLS_LINES))
    await h2(s, '/')
    expect(s.remoteSettings.maxConcurrentStreams).toBe(DEFAULT_MAX_CONCURRENT_STREAMS)
  })

  it('reads request bodies and sends gzip and streamed responses', async () => {
    const s = session(await start(TLS_LINES))
    expect((await h2(s, '/post', {}, 'payload')).body.toString()).toBe('hello /post payload')
    const zipped = await h2(s, '/gzip')
    expect(zipped.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(zipped.body).toString()).toBe('compressed '.repeat(100))
    expect((await h2(s, '/stream')).body.toString()).toBe('first;second')
  })

  it('applies basic auth and the configured headers', async () => {
    const hash = bcrypt.hashSync('pw', 4)
    const s = session(
      await start([
        ...TLS_LINES,
        'http_server_config:',
        '  headers:',
        '    X-Frame-Options: deny',
        'basic_auth_users:',
        `  alice: ${hash}`,
      ]),
    )
    const denied = await h2(s, '/')
    expect([denied.status, denied.headers['www-authenticate'], denied.headers['x-frame-options']]).toEqual([
      401,
      'Basic',
      'deny',
    ])
    const auth = `Basic ${Buffer.from('alice:pw').toString('base64')}`
    const allowed = await h2(s, '/', { authorization: auth })
    expect([allowed.status, allowed.headers['x-frame-options']]).toEqual([200, 'deny'])
  })

  it.each([
    [false, false],
    [true, true],
  ])('RequireAndVerifyClientCert: a client with a certificate %s is served: %s', async (withCert, served) => {
    const port = await start([
      ...TLS_LINES,
      '  client_auth_type: RequireAndVerifyClientCert',
      '  client_ca_file: ca.crt',
    ])
    const answer = h2(session(port, withCert), '/')
    if (served) expect((await answer).status).toBe(200)
    else await expect(answer).rejects.toThrow()
  })

  it('gives a new session the rotated certificate', async () => {
    const port = await start(TLS_LINES)
    const fingerprint = async (): Promise<string> => {
      const s = session(port)
      await h2(s, '/')
      return new X509Certificate((s.socket as import('node:tls').TLSSocket).getPeerCertificate().raw)
        .fingerprint256
    }
    const of = (c: IssuedCertificate): string => new X509Certificate(readFileSync(c.certFile)).fingerprint256
    expect(await fingerprint()).toBe(of(server1))
    copyFileSync(server2.certFile, join(dir, 'live.crt'))
    copyFileSync(server2.keyFile, join(dir, 'live.key'))
    try {
      expect(await fingerprint()).toBe(of(server2))
    } finally {
      copyFileSync(server1.certFile, join(dir, 'live.crt'))
      copyFileSync(server1.keyFile, join(dir, 'live.key'))
    }
  })
})

describe('closing with HTTP/2 sessions open', () => {
  it('close() lets a busy stream finish, then ends the sessions (GOAWAY)', async () => {
    const s = session(await start(TLS_LINES))
    await h2(s, '/')
    const held = h2(s, '/hold')
    await new Promise((resolve) => setTimeout(resolve, 50))
    const web = running
    running = undefined
    const closed = new Promise<void>((resolve) => web?.server.close(() => resolve()))
    expect((await held).body.toString()).toBe('held')
    await closed
    expect(s.closed || s.destroyed).toBe(true)
  })

  it('closeAllConnections() drops busy sessions at once', async () => {
    const s = session(await start(TLS_LINES))
    const held = h2(s, '/hold')
    await new Promise((resolve) => setTimeout(resolve, 50))
    running?.server.closeAllConnections()
    await expect(held).rejects.toThrow()
  })
})

describe('connection limits over HTTP/2', () => {
  it('counts a session as one connection, busy while a stream is open', async () => {
    const port = await start(TLS_LINES, { maxConnections: 1 })
    const s = session(port)
    const held = Promise.all([h2(s, '/hold'), h2(s, '/hold'), h2(s, '/hold')])
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(running?.guard?.open).toBe(1)
    await expect(h1(port, '/')).rejects.toThrow()
    expect(rejected).toEqual(['max_connections'])
    expect((await held).map((a) => a.body.toString())).toEqual(['held', 'held', 'held'])
  })

  it('serves at most the advertised number of streams of one session at once', async () => {
    const s = session(await start(TLS_LINES, {}))
    maxHeld = 0
    const answers = await Promise.all(Array.from({ length: 150 }, () => h2(s, '/hold')))
    expect(answers.every((a) => a.status === 200)).toBe(true)
    expect(maxHeld).toBe(DEFAULT_MAX_CONCURRENT_STREAMS)
  })

  it('drops an idle session after the headers timeout', async () => {
    const port = await start(TLS_LINES, { headersTimeoutMs: 200 })
    const s = session(port)
    await h2(s, '/')
    await new Promise<void>((resolve) => s.once('close', resolve))
    expect(rejected).toContain('header_timeout')
  })

  it('answers 408 to a stream whose body trickles past the request timeout', async () => {
    const port = await start(TLS_LINES, { requestTimeoutMs: 200 })
    const s = session(port)
    const answer = await new Promise<number>((resolve, reject) => {
      const req = s.request({ ':path': '/', ':method': 'POST' })
      req.write('partial')
      req.on('response', (h) => resolve(Number(h[':status'])))
      req.on('error', reject)
    })
    expect(answer).toBe(408)
    expect(rejected).toEqual(['request_timeout'])
    // The session itself survives for other streams.
    expect((await h2(s, '/')).status).toBe(200)
  })

  it('refuses header lists over maxHeaderBytes, over HTTP/2 and HTTP/1.1', async () => {
    const port = await start(TLS_LINES, { maxHeaderBytes: 4096 })
    const s = session(port)
    expect((await h2(s, '/', { 'x-small': 'a' })).status).toBe(200)
    await expect(h2(s, '/', { 'x-big': 'a'.repeat(8192) })).rejects.toThrow()
    // The HTTP/1.1 fallback on the same listener keeps its own limit and answer.
    expect((await h1(port, '/', { 'x-big': 'a'.repeat(8192) })).status).toBe(431)
    expect(rejected).toContain('header_too_large')
  })
})
