import { X509Certificate } from 'node:crypto'
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { Agent, request as httpsRequest } from 'node:https'
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect, type ConnectionOptions, type TLSSocket } from 'node:tls'
import bcrypt from 'bcryptjs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createTestCa, type IssuedCertificate, type TestCa } from '../../../test/support/test-certificates.js'
import { createWebServer, type WebServer } from './create-web-server.js'
import { WebConfigError } from './errors.js'

interface Answer {
  status: number
  headers: IncomingHttpHeaders
  body: string
  /** SHA-256 fingerprint of the certificate the server presented. */
  fingerprint: string
}

interface Client {
  cert?: IssuedCertificate
  auth?: string
  agent?: Agent
}

let dir: string
let ca: TestCa
let otherCa: TestCa
let server1: IssuedCertificate
let server2: IssuedCertificate
let client: IssuedCertificate
let stranger: IssuedCertificate
let running: WebServer | undefined

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wf-web-config-'))
  ca = createTestCa(dir)
  otherCa = createTestCa(dir, 'other-ca')
  server1 = ca.issue('server1', ['DNS:localhost', 'IP:127.0.0.1'], 'serverAuth')
  server2 = ca.issue('server2', ['DNS:localhost', 'IP:127.0.0.1'], 'serverAuth')
  client = ca.issue('client', ['DNS:client.example', 'URI:spiffe://watchfire/test'], 'clientAuth')
  stranger = otherCa.issue('stranger', ['DNS:client.example'], 'clientAuth')
  copyFileSync(server1.certFile, join(dir, 'live.crt'))
  copyFileSync(server1.keyFile, join(dir, 'live.key'))
}, 30_000)

afterAll(() => rmSync(dir, { recursive: true, force: true }))

afterEach(async () => {
  const s = running?.server
  running = undefined
  if (s !== undefined)
    await new Promise<void>((resolve) => (s.closeAllConnections(), s.close(() => resolve())))
})

function writeConfig(name: string, lines: readonly string[]): string {
  const path = join(dir, name)
  writeFileSync(path, lines.join('\n') + '\n')
  return path
}

const tlsLines = (clientAuth: string, extra: readonly string[] = []): string[] => [
  'tls_server_config:',
  '  cert_file: live.crt',
  '  key_file: live.key',
  ...(clientAuth === '' ? [] : [`  client_auth_type: ${clientAuth}`, '  client_ca_file: ca.crt']),
  ...extra,
]

async function start(configPath: string): Promise<string> {
  running = createWebServer(
    (req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' })
      res.end(`hello ${req.url ?? ''}`)
    },
    { webConfigFile: configPath, log: () => undefined },
  )
  const s = running.server
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
  return `${running.scheme}://127.0.0.1:${(s.address() as AddressInfo).port}/`
}

function get(url: string, c: Client = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const secure = url.startsWith('https:')
    const headers =
      c.auth === undefined ? {} : { Authorization: `Basic ${Buffer.from(c.auth).toString('base64')}` }
    const options = secure
      ? {
          headers,
          ca: readFileSync(ca.certFile),
          cert: c.cert === undefined ? undefined : readFileSync(c.cert.certFile),
          key: c.cert === undefined ? undefined : readFileSync(c.cert.keyFile),
          agent: c.agent ?? false,
        }
      : { headers, agent: false as const }
    const req = (secure ? httpsRequest : httpRequest)(url, options, (res) => {
      const socket = res.socket as TLSSocket
      const fingerprint = secure ? (socket.getPeerX509Certificate()?.fingerprint256 ?? '') : ''
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, fingerprint }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** The protocol and cipher a handshake with the server settles on. */
function negotiated(
  url: string,
  options: ConnectionOptions,
): Promise<{ protocol: string | null; cipher: string }> {
  const { port } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = connect(
      { host: '127.0.0.1', port: Number(port), ca: readFileSync(ca.certFile), ...options },
      () => {
        resolve({ protocol: socket.getProtocol(), cipher: socket.getCipher().name })
        socket.end()
      },
    )
    socket.on('error', reject)
  })
}

const fingerprintOf = (cert: IssuedCertificate): string =>
  new X509Certificate(readFileSync(cert.certFile)).fingerprint256

describe('createWebServer', () => {
  it('serves plain HTTP without a web config file', async () => {
    running = createWebServer((_req, res) => res.end('plain'))
    expect(running.scheme).toBe('http')
  })

  it('refuses an invalid file at start', () => {
    const path = writeConfig('bad.yml', ['tls_server_config:', '  cert_file: live.crt'])
    expect(() => createWebServer(() => undefined, { webConfigFile: path })).toThrow(WebConfigError)
    expect(() => createWebServer(() => undefined, { webConfigFile: path })).toThrow(
      'missing one of key or key_file',
    )
  })

  describe.each([
    // [client_auth_type, no certificate, certificate from the CA, certificate from another CA]
    ['RequireAndVerifyClientCert', false, true, false],
    ['RequireAnyClientCert', false, true, true],
    ['VerifyClientCertIfGiven', true, true, false],
    ['RequestClientCert', true, true, true],
    ['', true, true, true],
  ])('client_auth_type %j', (clientAuth, anonymous, trusted, foreign) => {
    it.each([
      ['no certificate', undefined, anonymous],
      ['a certificate from the client CA', 'client', trusted],
      ['a certificate from another CA', 'stranger', foreign],
    ] as const)('a client with %s is served: %s', async (_what, who, served) => {
      const url = await start(writeConfig('auth.yml', tlsLines(clientAuth)))
      const cert = who === undefined ? undefined : who === 'client' ? client : stranger
      const answer = get(url, { cert })
      if (served) expect((await answer).body).toBe('hello /')
      else await expect(answer).rejects.toThrow()
    })
  })

  it.each([
    ['client.example', true],
    ['spiffe://watchfire/test', true],
    ['someone.else', false],
  ])('client_allowed_sans [%s] serves the client: %s', async (san, served) => {
    const url = await start(
      writeConfig(
        'sans.yml',
        tlsLines('RequireAndVerifyClientCert', ['  client_allowed_sans:', `    - ${san}`]),
      ),
    )
    const answer = get(url, { cert: client })
    if (served) expect((await answer).status).toBe(200)
    else await expect(answer).rejects.toThrow()
  })

  it('picks up a rotated certificate on the next connection', async () => {
    const url = await start(writeConfig('rotate.yml', tlsLines('')))
    expect((await get(url)).fingerprint).toBe(fingerprintOf(server1))
    copyFileSync(server2.certFile, join(dir, 'live.crt'))
    copyFileSync(server2.keyFile, join(dir, 'live.key'))
    try {
      expect((await get(url)).fingerprint).toBe(fingerprintOf(server2))
    } finally {
      copyFileSync(server1.certFile, join(dir, 'live.crt'))
      copyFileSync(server1.keyFile, join(dir, 'live.key'))
    }
    expect((await get(url)).fingerprint).toBe(fingerprintOf(server1))
  })

  it.each([
    ['TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'ECDHE-ECDSA-AES128-GCM-SHA256'],
    ['TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', 'ECDHE-ECDSA-CHACHA20-POLY1305'],
  ])('negotiates the configured cipher suite %s under TLS 1.2', async (goName, openssl) => {
    const url = await start(
      writeConfig('ciphers.yml', tlsLines('', ['  max_version: TLS12', `  cipher_suites: [${goName}]`])),
    )
    expect(await negotiated(url, {})).toEqual({ protocol: 'TLSv1.2', cipher: openssl })
  })

  it('refuses clients below min_version', async () => {
    const url = await start(writeConfig('tls13.yml', tlsLines('', ['  min_version: TLS13'])))
    expect((await negotiated(url, {})).protocol).toBe('TLSv1.3')
    await expect(negotiated(url, { maxVersion: 'TLSv1.2' })).rejects.toThrow()
  })

  describe('basic auth', () => {
    const hash = bcrypt.hashSync('s3cret', 6)

    it.each([
      [undefined, 401],
      ['alice:wrong', 401],
      ['mallory:s3cret', 401],
      ['alice:s3cret', 200],
    ])('credentials %j answer %i', async (auth, status) => {
      const url = await start(writeConfig('users.yml', ['basic_auth_users:', `  alice: ${hash}`]))
      const answer = await get(url, { auth })
      expect(answer.status).toBe(status)
      if (status === 401) expect(answer.headers['www-authenticate']).toBe('Basic')
      else expect(answer.body).toBe('hello /')
    })

    it('costs one bcrypt verification for 1,000 requests with the same credentials', async () => {
      const url = await start(
        writeConfig('flood.yml', [...tlsLines(''), 'basic_auth_users:', `  alice: ${hash}`]),
      )
      const agent = new Agent({ keepAlive: true, maxSockets: 20, ca: readFileSync(ca.certFile) })
      try {
        const answers = await Promise.all(
          Array.from({ length: 1000 }, () => get(url, { auth: 'alice:s3cret', agent })),
        )
        expect(answers.every((a) => a.status === 200)).toBe(true)
      } finally {
        agent.destroy()
      }
      expect(running?.verifier.bcryptRuns).toBe(1)
    }, 30_000)

    it('applies users added to the file without a restart', async () => {
      const path = writeConfig('later.yml', ['basic_auth_users:', `  alice: ${hash}`])
      const url = await start(path)
      expect((await get(url, { auth: 'bob:s3cret' })).status).toBe(401)
      writeConfig('later.yml', ['basic_auth_users:', `  alice: ${hash}`, `  bob: ${hash}`])
      expect((await get(url, { auth: 'bob:s3cret' })).status).toBe(200)
    })
  })

  it('adds the configured headers to every answer, 401s included', async () => {
    const url = await start(
      writeConfig('headers.yml', [
        'http_server_config:',
        '  headers:',
        '    X-Frame-Options: deny',
        "    Content-Security-Policy: default-src 'self'",
        '    Strict-Transport-Security: max-age=31536000',
        'basic_auth_users:',
        `  alice: ${bcrypt.hashSync('x', 4)}`,
      ]),
    )
    for (const auth of [undefined, 'alice:x']) {
      const answer = await get(url, { auth })
      expect(answer.headers['x-frame-options']).toBe('deny')
      expect(answer.headers['content-security-policy']).toBe("default-src 'self'")
      expect(answer.headers['strict-transport-security']).toBe('max-age=31536000')
    }
  })

  it('answers 500 when the file turns invalid, and recovers when it is fixed', async () => {
    const path = writeConfig('breaks.yml', ['http_server_config: {}'])
    const url = await start(path)
    writeConfig('breaks.yml', ['http_server_config: {nonsense: 1}'])
    expect((await get(url)).status).toBe(500)
    writeConfig('breaks.yml', ['http_server_config: {}'])
    expect((await get(url)).status).toBe(200)
  })
})
