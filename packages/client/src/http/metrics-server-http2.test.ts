import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import type { IncomingHttpHeaders } from 'node:http'
import { connect, type ClientHttp2Session, type Settings } from 'node:http2'
import { Agent, request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls'
import { gunzipSync } from 'node:zlib'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  createTestCa,
  type IssuedCertificate,
  type TestCa,
} from '../../../../test/support/test-certificates.js'
import { Counter } from '../counter.js'
import { Registry } from '../registry.js'
import { startHttpServer, type MetricsServer, type MetricsServerOptions } from './metrics-server.js'

interface Answer {
  protocol: string | false
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
}

interface Ask {
  path?: string
  method?: string
  headers?: Record<string, string>
  client?: IssuedCertificate
}

let dir: string
let ca: TestCa
let server: MetricsServer | undefined
let goodClient: IssuedCertificate
let otherClient: IssuedCertificate

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wf-client-h2-'))
  ca = createTestCa(dir)
  ca.issue('server', ['IP:127.0.0.1'], 'serverAuth')
  goodClient = ca.issue('good', ['DNS:good.example'], 'clientAuth')
  otherClient = ca.issue('other', ['DNS:other.example'], 'clientAuth')
}, 30_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))
afterEach(async () => {
  await server?.close()
  server = undefined
})

function clientTls(client: IssuedCertificate | undefined): { ca: Buffer; cert?: Buffer; key?: Buffer } {
  const trust = { ca: readFileSync(ca.certFile) }
  if (client === undefined) return trust
  return { ...trust, cert: readFileSync(client.certFile), key: readFileSync(client.keyFile) }
}

function collect(
  stream: NodeJS.ReadableStream,
  done: (body: Buffer) => void,
  fail: (err: Error) => void,
): void {
  const chunks: Buffer[] = []
  stream.on('data', (c: Buffer) => chunks.push(c))
  stream.on('end', () => done(Buffer.concat(chunks)))
  stream.on('error', fail)
}

// Over HTTP/2 with node:http2's client, which offers only h2 in ALPN.
function askH2(port: number, ask: Ask = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const session = connect(`https://127.0.0.1:${port}`, clientTls(ask.client))
    session.on('error', reject)
    // A refused client certificate ends the session without an error on the client side.
    session.on('close', () => reject(new Error('session closed before an answer')))
    const stream = session.request({
      ':path': ask.path ?? '/metrics',
      ':method': ask.method ?? 'GET',
      ...ask.headers,
    })
    stream.on('error', reject)
    stream.on('close', () => session.close())
    stream.on('response', (headers) => {
      const protocol = session.alpnProtocol ?? false
      collect(
        stream,
        (body) => resolve({ protocol, status: Number(headers[':status']), headers, body }),
        reject,
      )
    })
    stream.end()
  })
}

// node:https hands these to tls.connect, though its types leave them out.
const OFFER_HTTP1: Pick<ConnectionOptions, 'ALPNProtocols'> = { ALPNProtocols: ['http/1.1'] }

// Over HTTP/1.1 with node:https, offering only http/1.1 in ALPN.
function askH1(port: number, ask: Ask = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: ask.path ?? '/metrics',
        method: ask.method ?? 'GET',
        headers: ask.headers,
        agent: false,
        ...OFFER_HTTP1,
        ...clientTls(ask.client),
      },
      (res) => {
        const protocol = (res.socket as TLSSocket).alpnProtocol ?? false
        collect(
          res,
          (body) => resolve({ protocol, status: res.statusCode ?? 0, headers: res.headers, body }),
          reject,
        )
      },
    )
    req.on('error', reject)
    req.end()
  })
}

// What a client offering both protocols (as Go's and curl's do) agrees on.
function negotiated(port: number): Promise<string | false> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({
      host: '127.0.0.1',
      port,
      ALPNProtocols: ['h2', 'http/1.1'],
      ...clientTls(undefined),
    })
    socket.once('secureConnect', () => {
      resolve(socket.alpnProtocol ?? false)
      socket.destroy()
    })
    socket.once('error', reject)
  })
}

function serverTls(): NonNullable<MetricsServerOptions['tls']> {
  return { cert: readFileSync(join(dir, 'server.crt')), key: readFileSync(join(dir, 'server.key')) }
}

async function start(options: MetricsServerOptions = {}): Promise<number> {
  const registry = new Registry()
  new Counter({ name: 'app_jobs_total', help: 'Jobs.', registers: [registry] }).inc(7)
  server = await startHttpServer(0, { host: '127.0.0.1', registry, tls: serverTls(), ...options })
  return server.port
}

const basic = (credentials: string): string => `Basic ${Buffer.from(credentials).toString('base64')}`

const protocols = [
  ['h2', askH2],
  ['http/1.1', askH1],
] as const

describe('startHttpServer over TLS', () => {
  it.each([
    ['by default', {}, 'h2'],
    ['with http2: true', { http2: true }, 'h2'],
    ['with http2: false', { http2: false }, false],
  ] as const)('agrees on ALPN protocol %s → %s', async (_name, options, protocol) => {
    expect(await negotiated(await start(options))).toBe(protocol)
  })

  it('limits an HTTP/2 session to 100 concurrent streams, as web-config does', async () => {
    const port = await start()
    const session = connect(`https://127.0.0.1:${port}`, clientTls(undefined))
    try {
      const settings = await new Promise<Settings>((resolve, reject) => {
        session.once('remoteSettings', resolve)
        session.once('error', reject)
      })
      expect(settings.maxConcurrentStreams).toBe(100)
    } finally {
      session.close()
    }
  })

  it.each(protocols)('serves the metrics over %s on the one port', async (protocol, ask) => {
    const port = await start()
    const plain = await ask(port)
    expect(plain).toMatchObject({ protocol, status: 200 })
    expect(plain.headers['content-type']).toContain('text/plain; version=0.0.4')
    expect(plain.body.toString()).toContain('app_jobs_total 7')
    const zipped = await ask(port, { headers: { 'accept-encoding': 'gzip' } })
    expect(zipped.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true)
    const head = await ask(port, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.body.byteLength).toBe(0)
    expect((await ask(port, { path: '/other' })).status).toBe(404)
    expect((await ask(port, { method: 'POST' })).status).toBe(405)
  })

  it('serves HTTP/1.1 only, with no ALPN protocol, when http2 is false', async () => {
    const port = await start({ http2: false })
    expect(await askH1(port)).toMatchObject({ protocol: false, status: 200 })
    await expect(askH2(port)).rejects.toThrow()
  })

  it.each(protocols)('applies basic auth and headers over %s', async (_protocol, ask) => {
    const port = await start({
      headers: { 'X-Content-Type-Options': 'nosniff' },
      authenticate: (user, password) => user === 'scraper' && password === 'pw',
    })
    const refused = await ask(port, { headers: { authorization: basic('scraper:nope') } })
    expect(refused.status).toBe(401)
    expect(refused.headers['www-authenticate']).toBe('Basic')
    expect(refused.headers['x-content-type-options']).toBe('nosniff')
    expect((await ask(port)).status).toBe(401)
    const served = await ask(port, { headers: { authorization: basic('scraper:pw') } })
    expect(served.status).toBe(200)
    expect(served.headers['x-content-type-options']).toBe('nosniff')
  })

  it.each(protocols)('lets only accepted client certificates in over %s', async (_protocol, ask) => {
    const seen: string[] = []
    const port = await start({
      tls: { ...serverTls(), ca: readFileSync(ca.certFile), requestCert: true, rejectUnauthorized: true },
      acceptTlsClient: (socket) => {
        const names = socket.getPeerCertificate().subjectaltname ?? ''
        seen.push(names)
        return names === 'DNS:good.example'
      },
    })
    expect((await ask(port, { client: goodClient })).status).toBe(200)
    await expect(ask(port, { client: otherClient })).rejects.toThrow()
    await expect(ask(port)).rejects.toThrow()
    expect(seen).toEqual(['DNS:good.example', 'DNS:other.example'])
  })
})

describe('close', () => {
  function openH2Session(port: number): Promise<ClientHttp2Session> {
    return new Promise((resolve, reject) => {
      const session = connect(`https://127.0.0.1:${port}`, clientTls(undefined))
      session.once('error', reject)
      const stream = session.request({ ':path': '/metrics' })
      stream.resume()
      stream.once('end', () => resolve(session))
      stream.once('error', reject)
      stream.end()
    })
  }

  it('sends GOAWAY to an open HTTP/2 session and resolves promptly', async () => {
    const port = await start()
    const session = await openH2Session(port)
    const goaway = new Promise<void>((resolve) => session.once('goaway', () => resolve()))
    const closed = new Promise<void>((resolve) => session.once('close', () => resolve()))
    const started = performance.now()
    await server?.close()
    server = undefined
    expect(performance.now() - started).toBeLessThan(1000)
    await goaway
    await closed
    await expect(negotiated(port)).rejects.toThrow(/ECONNREFUSED/)
  })

  it('closes an idle HTTP/1.1 keep-alive connection to the HTTP/2 server promptly', async () => {
    const port = await start()
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    try {
      const answer = await new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            path: '/metrics',
            agent,
            ...OFFER_HTTP1,
            ...clientTls(undefined),
          },
          (res) => {
            res.resume()
            res.on('end', () => resolve(res.statusCode ?? 0))
          },
        )
        req.on('error', reject)
        req.end()
      })
      expect(answer).toBe(200)
      const started = performance.now()
      await server?.close()
      server = undefined
      expect(performance.now() - started).toBeLessThan(1000)
    } finally {
      agent.destroy()
    }
  })
})
