import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { connect, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCa, type IssuedCertificate, type TestCa } from '../../../test/support/test-certificates.js'
import type { HttpClientConfig, OAuth2Config, TlsConfig } from './config-types.js'
import { defaultTlsConfig } from './config-keys.js'
import { HttpClient } from './http-client.js'

interface Seen {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
}

const NO_TLS: TlsConfig = defaultTlsConfig()

function config(extra: Partial<HttpClientConfig> = {}): HttpClientConfig {
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

async function get(client: HttpClient, url: string): Promise<{ status: number; body: string }> {
  const res = await client.request(url, { signal: AbortSignal.timeout(5000) })
  const chunks: Buffer[] = []
  for await (const c of res as AsyncIterable<Buffer>) chunks.push(c)
  return { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }
}

let dir: string
let ca: TestCa
let serverCert: IssuedCertificate
let clientCert: IssuedCertificate
const servers: Server[] = []
const seen: Seen[] = []
const tokenRequests: Seen[] = []
const proxied: Seen[] = []
let target = ''
let tlsTarget = 0
let tokenUrl = ''
let proxyUrl = ''
let tokenLifetimeS = 3600

function recorder(into: Seen[], answer: (s: Seen, res: import('node:http').ServerResponse) => void): Server {
  return createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      const s = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body }
      into.push(s)
      answer(s, res)
    })
  })
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'watchfire-http-client-'))
  ca = createTestCa(dir)
  serverCert = ca.issue('server', ['DNS:target.test', 'IP:127.0.0.1'], 'serverAuth')
  clientCert = ca.issue('client', ['DNS:client'], 'clientAuth')
  const answer = (s: Seen, res: import('node:http').ServerResponse): void => {
    const hops = /^\/loop\/(\d+)$/.exec(s.url)
    if (hops !== null) {
      res.writeHead(302, { Location: `/loop/${Number(hops[1]) + 1}` }).end()
    } else if (s.url === '/redirect') res.writeHead(301, { Location: '/final' }).end()
    else res.writeHead(200).end(`hello ${s.url}`)
  }
  const plain = recorder(seen, answer)
  servers.push(plain)
  target = `http://127.0.0.1:${await listen(plain)}`
  const secure = createHttpsServer(
    {
      cert: readFileSync(serverCert.certFile),
      key: readFileSync(serverCert.keyFile),
      ca: readFileSync(ca.certFile),
      requestCert: true,
      rejectUnauthorized: false,
      maxVersion: 'TLSv1.2',
    },
    (req, res) => {
      const authorized = (req.socket as import('node:tls').TLSSocket).authorized
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: '' })
      res.writeHead(200).end(authorized ? 'client verified' : 'anonymous')
    },
  )
  servers.push(secure as unknown as Server)
  tlsTarget = await listen(secure as unknown as Server)
  const tokens = recorder(tokenRequests, (_s, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' })
    res.end(
      JSON.stringify({
        access_token: `tok-${tokenRequests.length}`,
        token_type: 'Bearer',
        expires_in: tokenLifetimeS,
      }),
    )
  })
  servers.push(tokens)
  tokenUrl = `http://127.0.0.1:${await listen(tokens)}/token`
  // A forward proxy: absolute-URI requests for http://, CONNECT tunnels for https://.
  const proxy = createServer((req, res) => {
    proxied.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: '' })
    const upstream = httpRequest(req.url ?? '', { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers)
      up.pipe(res)
    })
    req.pipe(upstream)
  })
  proxy.on('connect', (req, socket) => {
    proxied.push({ method: 'CONNECT', url: req.url ?? '', headers: req.headers, body: '' })
    const [host, port] = (req.url ?? '').split(':')
    const up = connect(Number(port), host === 'target.test' ? '127.0.0.1' : (host as string), () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      up.pipe(socket)
      socket.pipe(up)
    })
    up.on('error', () => socket.destroy())
  })
  servers.push(proxy)
  proxyUrl = `http://proxyuser:proxy%20pw@127.0.0.1:${await listen(proxy)}`
})

afterAll(() => {
  for (const s of servers) {
    s.closeAllConnections()
    s.close()
  }
  rmSync(dir, { recursive: true, force: true })
})

describe('HttpClient credentials', () => {
  it('sends basic auth, re-reading password_file on every request', async () => {
    const file = join(dir, 'password')
    writeFileSync(file, 'first\n')
    const client = new HttpClient(
      config({ basicAuth: { username: 'bob', password: '', passwordFile: file } }),
    )
    await get(client, `${target}/a`)
    writeFileSync(file, 'second')
    await get(client, `${target}/b`)
    const auth = seen
      .slice(-2)
      .map((s) => Buffer.from(String(s.headers.authorization).slice(6), 'base64').toString())
    expect(auth).toEqual(['bob:first', 'bob:second'])
  })

  it.each([
    [{ authorization: { type: 'Bearer', credentials: 'c1', credentialsFile: '' } }, 'Bearer c1'],
    [{ authorization: { type: 'Custom', credentials: 'c2', credentialsFile: '' } }, 'Custom c2'],
    [{ bearerToken: 'legacy' }, 'Bearer legacy'],
  ])('sends authorization %j', async (extra, want) => {
    await get(new HttpClient(config(extra)), `${target}/auth`)
    expect(seen.at(-1)?.headers.authorization).toBe(want)
  })
})

describe('HttpClient oauth2', () => {
  const oauth2 = (extra: Partial<OAuth2Config> = {}): OAuth2Config => ({
    clientId: 'my client',
    clientSecret: 's3cr&t',
    clientSecretFile: '',
    scopes: ['read', 'write'],
    tokenUrl,
    endpointParams: { audience: 'watchfire' },
    tlsConfig: NO_TLS,
    proxyUrl: '',
    ...extra,
  })

  it('fetches a token with the client credentials grant and caches it until expiry', async () => {
    tokenLifetimeS = 3600
    const before = tokenRequests.length
    const client = new HttpClient(config({ oauth2: oauth2() }))
    await get(client, `${target}/o1`)
    const token = seen.at(-1)?.headers.authorization
    await get(client, `${target}/o2`)
    expect(seen.at(-1)?.headers.authorization).toBe(token)
    expect(tokenRequests.length - before).toBe(1)
    const request = tokenRequests.at(-1) as Seen
    expect(request.method).toBe('POST')
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
      grant_type: 'client_credentials',
      scope: 'read write',
      audience: 'watchfire',
    })
    const basic = Buffer.from(String(request.headers.authorization).slice(6), 'base64').toString()
    expect(basic).toBe('my+client:s3cr%26t')
  })

  it('fetches a new token once the old one expired, and reads client_secret_file', async () => {
    tokenLifetimeS = 5 // within golang's 10 s expiry delta: already stale
    const file = join(dir, 'client-secret')
    writeFileSync(file, 'from-file\n')
    const before = tokenRequests.length
    const client = new HttpClient(config({ oauth2: oauth2({ clientSecret: '', clientSecretFile: file }) }))
    await get(client, `${target}/o3`)
    await get(client, `${target}/o4`)
    expect(tokenRequests.length - before).toBe(2)
    expect(
      Buffer.from(String(tokenRequests.at(-1)?.headers.authorization).slice(6), 'base64').toString(),
    ).toBe('my+client:from-file')
  })
})

describe('HttpClient transport', () => {
  it('sends http:// requests to the proxy as absolute URIs with Proxy-Authorization', async () => {
    const res = await get(new HttpClient(config({ proxyUrl })), `${target}/via-proxy`)
    expect(res.body).toBe('hello /via-proxy')
    const p = proxied.at(-1) as Seen
    expect(p.url).toBe(`${target}/via-proxy`)
    expect(p.headers['proxy-authorization']).toBe(
      `Basic ${Buffer.from('proxyuser:proxy pw').toString('base64')}`,
    )
  })

  it('tunnels https:// through CONNECT with proxy_connect_header, verifying the server by ca_file and server_name', async () => {
    const client = new HttpClient(
      config({
        proxyUrl,
        proxyConnectHeader: { 'X-Tenant': ['a', 'b'] },
        tlsConfig: {
          ...NO_TLS,
          caFile: ca.certFile,
          certFile: clientCert.certFile,
          keyFile: clientCert.keyFile,
        },
      }),
    )
    const res = await get(client, `https://target.test:${tlsTarget}/secure`)
    expect(res.body).toBe('client verified')
    const p = proxied.at(-1) as Seen
    expect([p.method, p.url, p.headers['x-tenant']]).toEqual(['CONNECT', `target.test:${tlsTarget}`, 'a, b'])
  })

  it.each<[string, Partial<TlsConfig>, RegExp]>([
    ['an unknown CA', {}, /self[- ]signed|unable to verify|certificate/i],
    ['a wrong server_name', { caFile: 'CA', serverName: 'other.test' }, /altnames|does not match|Hostname/i],
    ['min_version above the server', { caFile: 'CA', minVersion: 'TLS13' }, /version|protocol/i],
  ])('refuses %s', async (_name, tls, error) => {
    const tlsConfig = { ...NO_TLS, ...tls, caFile: tls.caFile === 'CA' ? ca.certFile : '' }
    await expect(
      get(new HttpClient(config({ tlsConfig })), `https://127.0.0.1:${tlsTarget}/`),
    ).rejects.toThrow(error)
  })

  it('accepts any certificate with insecure_skip_verify', async () => {
    const client = new HttpClient(config({ tlsConfig: { ...NO_TLS, insecureSkipVerify: true } }))
    expect((await get(client, `https://127.0.0.1:${tlsTarget}/`)).body).toBe('anonymous')
  })

  it.each([
    [true, 200, 'hello /final'],
    [false, 301, ''],
  ])('follow_redirects=%s answers %i', async (followRedirects, status, body) => {
    expect(await get(new HttpClient(config({ followRedirects })), `${target}/redirect`)).toEqual({
      status,
      body,
    })
  })

  it('gives up after 10 redirects, as Go does', async () => {
    await expect(get(new HttpClient(config()), `${target}/loop/0`)).rejects.toThrow(
      /stopped after 10 redirects/,
    )
  })
})
