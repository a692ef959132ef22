import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { connect, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { compress, uncompress } from 'snappyjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Labels } from '@watchfire/model'
import { createTestCa } from '../../../../test/support/test-certificates.js'
import type { HttpClientConfig, TlsConfig } from '../config/config-types.js'
import { decodeWriteRequest } from '../web/remote-write-decode.js'
import { httpWriteSender, RemoteWriteError } from './remote-write-client.js'
import { encodeLabels, WriteRequestBuilder } from './write-request.js'

interface Seen {
  url: string
  headers: IncomingHttpHeaders
  metric: string
}

const NO_TLS: TlsConfig = {
  caFile: '',
  certFile: '',
  keyFile: '',
  serverName: '',
  insecureSkipVerify: false,
  minVersion: '',
}

function client(extra: Partial<HttpClientConfig> = {}): HttpClientConfig {
  return {
    bearerToken: '',
    bearerTokenFile: '',
    tlsConfig: NO_TLS,
    proxyUrl: '',
    followRedirects: true,
    enableHttp2: true,
    ...extra,
  }
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

let dir: string
let caFile: string
const servers: Server[] = []
const received: Seen[] = []
const connects: string[] = []
let tokenRequests = 0
let plainUrl = ''
let tlsPort = 0
let tokenUrl = ''
let proxyUrl = ''
/** The Retry-After the receiver sends with its /status/<code> refusals. */
const retryAfter = '7'

function body(metric: string): Uint8Array {
  const b = new WriteRequestBuilder()
  b.beginSeries(encodeLabels(Labels.fromRecord({ __name__: metric })))
  b.sample(1000, 1)
  b.endSeries()
  return compress(b.view())
}

function receive(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): void {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    const url = req.url ?? ''
    if (url === '/moved') {
      res.writeHead(307, { Location: '/api/v1/write' }).end()
      return
    }
    const series = decodeWriteRequest(uncompress(Buffer.concat(chunks)))
    received.push({ url, headers: req.headers, metric: series[0]?.labels.get('__name__') ?? '' })
    const status = /^\/status\/(\d+)$/.exec(url)
    if (status !== null) res.writeHead(Number(status[1]), { 'Retry-After': retryAfter }).end('nope')
    else res.writeHead(204).end()
  })
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'watchfire-rw-client-'))
  const ca = createTestCa(dir)
  caFile = ca.certFile
  const cert = ca.issue('receiver', ['DNS:receiver.test'], 'serverAuth')
  const plain = createServer(receive)
  servers.push(plain)
  plainUrl = `http://127.0.0.1:${await listen(plain)}`
  const secure = createHttpsServer(
    { cert: readFileSync(cert.certFile), key: readFileSync(cert.keyFile) },
    receive,
  )
  servers.push(secure as unknown as Server)
  tlsPort = await listen(secure as unknown as Server)
  const tokens = createServer((req, res) => {
    req.resume()
    tokenRequests++
    res.writeHead(200, { 'Content-Type': 'application/json' })
    res.end(JSON.stringify({ access_token: `tok-${tokenRequests}`, token_type: 'Bearer', expires_in: 3600 }))
  })
  servers.push(tokens)
  tokenUrl = `http://127.0.0.1:${await listen(tokens)}/token`
  const proxy = createServer((_req, res) => res.writeHead(405).end())
  proxy.on('connect', (req, socket) => {
    connects.push(req.url ?? '')
    const port = Number((req.url ?? '').split(':')[1])
    const up = connect(port, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      up.pipe(socket)
      socket.pipe(up)
    })
    up.on('error', () => socket.destroy())
  })
  servers.push(proxy)
  proxyUrl = `http://127.0.0.1:${await listen(proxy)}`
})

afterAll(() => {
  for (const s of servers) {
    s.closeAllConnections()
    s.close()
  }
  rmSync(dir, { recursive: true, force: true })
})

function sender(url: string, httpClient: HttpClientConfig, retryOnRateLimit = false) {
  return httpWriteSender({
    url,
    timeoutMs: 5000,
    headers: { 'X-Scope-OrgID': 'tenant-1' },
    httpClient,
    retryOnRateLimit,
    maxSockets: 2,
  })
}

describe('httpWriteSender', () => {
  it('sends to an https receiver through an HTTP CONNECT proxy, verifying it by ca_file', async () => {
    const s = sender(
      `https://receiver.test:${tlsPort}/api/v1/write`,
      client({ proxyUrl, tlsConfig: { ...NO_TLS, caFile } }),
    )
    await s.send(body('through_proxy'), AbortSignal.timeout(5000))
    s.close()
    expect(connects.at(-1)).toBe(`receiver.test:${tlsPort}`)
    const seen = received.at(-1) as Seen
    expect([seen.metric, seen.headers['content-encoding'], seen.headers['x-scope-orgid']]).toEqual([
      'through_proxy',
      'snappy',
      'tenant-1',
    ])
    expect(seen.headers['x-prometheus-remote-write-version']).toBe('0.1.0')
  })

  it('authenticates with an oauth2 token fetched once and reused', async () => {
    const before = tokenRequests
    const s = sender(
      `${plainUrl}/api/v1/write`,
      client({
        oauth2: {
          clientId: 'watchfire',
          clientSecret: 'secret',
          clientSecretFile: '',
          scopes: [],
          tokenUrl,
          endpointParams: {},
          tlsConfig: NO_TLS,
          proxyUrl: '',
        },
      }),
    )
    await s.send(body('oauth_a'), AbortSignal.timeout(5000))
    await s.send(body('oauth_b'), AbortSignal.timeout(5000))
    s.close()
    expect(tokenRequests - before).toBe(1)
    expect(received.slice(-2).map((r) => [r.metric, r.headers.authorization])).toEqual([
      ['oauth_a', `Bearer tok-${before + 1}`],
      ['oauth_b', `Bearer tok-${before + 1}`],
    ])
  })

  it('re-reads bearer_token_file on every send', async () => {
    const file = join(dir, 'token')
    writeFileSync(file, 'one\n')
    const s = sender(`${plainUrl}/api/v1/write`, client({ bearerTokenFile: file }))
    await s.send(body('file_a'), AbortSignal.timeout(5000))
    writeFileSync(file, 'two\n')
    await s.send(body('file_b'), AbortSignal.timeout(5000))
    s.close()
    expect(received.slice(-2).map((r) => r.headers.authorization)).toEqual(['Bearer one', 'Bearer two'])
  })

  it('follows a 307 redirect keeping the POST body', async () => {
    const s = sender(`${plainUrl}/moved`, client())
    await s.send(body('redirected'), AbortSignal.timeout(5000))
    s.close()
    expect([received.at(-1)?.url, received.at(-1)?.metric]).toEqual(['/api/v1/write', 'redirected'])
  })

  it.each<[number, boolean, boolean, number]>([
    [500, false, true, 7000],
    [400, false, false, 0],
    [429, false, false, 0],
    [429, true, true, 7000],
  ])('classifies HTTP %i (retry_on_http_429=%s): retryable=%s', async (status, on429, retryable, afterMs) => {
    const s = sender(`${plainUrl}/status/${status}`, client(), on429)
    const err = await s.send(body('refused'), AbortSignal.timeout(5000)).catch((e: unknown) => e)
    s.close()
    expect(err).toBeInstanceOf(RemoteWriteError)
    const e = err as RemoteWriteError
    expect([e.status, e.retryable, e.retryAfterMs]).toEqual([status, retryable, afterMs])
    expect(e.message).toMatch(/nope$/)
  })

  it('reports an unreachable receiver as retryable', async () => {
    const s = sender('http://127.0.0.1:1/api/v1/write', client())
    const err = await s.send(body('lost'), AbortSignal.timeout(5000)).catch((e: unknown) => e)
    expect(err).toMatchObject({ retryable: true, code: 'ERR_REMOTE_WRITE_RETRYABLE' })
  })
})
