import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect } from 'node:tls'
import { Registry, startHttpServer, type MetricsServer } from '@watchfire/client'
import bcrypt from 'bcryptjs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createTestCa, type IssuedCertificate, type TestCa } from '../../../test/support/test-certificates.js'
import { metricsServerOptionsFromWebConfig } from './metrics-server-options.js'

let dir: string
let ca: TestCa
let client: IssuedCertificate
let configPath: string
let server: MetricsServer | undefined

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wf-metrics-web-'))
  ca = createTestCa(dir)
  ca.issue('server', ['IP:127.0.0.1'], 'serverAuth')
  client = ca.issue('client', ['DNS:client.example'], 'clientAuth')
  configPath = join(dir, 'web.yml')
  writeFileSync(
    configPath,
    [
      'tls_server_config:',
      '  cert_file: server.crt',
      '  key_file: server.key',
      '  client_auth_type: RequireAndVerifyClientCert',
      '  client_ca_file: ca.crt',
      'http_server_config:',
      '  headers:',
      '    X-Content-Type-Options: nosniff',
      'basic_auth_users:',
      `  scraper: ${bcrypt.hashSync('pw', 4)}`,
    ].join('\n'),
  )
}, 30_000)

afterAll(() => rmSync(dir, { recursive: true, force: true }))
afterEach(async () => {
  await server?.close()
  server = undefined
})

function scrape(
  port: number,
  withCert: boolean,
  auth: string,
): Promise<{ status: number; nosniff: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/metrics',
        ca: readFileSync(ca.certFile),
        cert: withCert ? readFileSync(client.certFile) : undefined,
        key: withCert ? readFileSync(client.keyFile) : undefined,
        headers: { Authorization: `Basic ${Buffer.from(auth).toString('base64')}` },
        agent: false,
      },
      (res) => {
        res.resume()
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, nosniff: res.headers['x-content-type-options'] }),
        )
      },
    )
    req.on('error', reject)
    req.end()
  })
}

describe('metricsServerOptionsFromWebConfig', () => {
  it('gives the client metrics server the file’s TLS, client certificate, basic auth and header settings', async () => {
    server = await startHttpServer(0, {
      host: '127.0.0.1',
      registry: new Registry(),
      ...metricsServerOptionsFromWebConfig(configPath),
    })
    expect(await scrape(server.port, true, 'scraper:pw')).toEqual({ status: 200, nosniff: 'nosniff' })
    expect((await scrape(server.port, true, 'scraper:nope')).status).toBe(401)
    await expect(scrape(server.port, false, 'scraper:pw')).rejects.toThrow()
  })

  it.each([
    ['absent', [], true, 'h2'],
    ['true', ['http_server_config:', '  http2: true'], true, 'h2'],
    ['false', ['http_server_config:', '  http2: false'], false, false],
  ] as const)('maps http2 %s so the TLS metrics server agrees on %s', async (_name, lines, http2, alpn) => {
    const file = join(dir, `http2-${String(http2)}-${lines.length}.yml`)
    writeFileSync(
      file,
      ['tls_server_config:', '  cert_file: server.crt', '  key_file: server.key', ...lines].join('\n'),
    )
    const options = metricsServerOptionsFromWebConfig(file)
    expect(options.http2).toBe(http2)
    server = await startHttpServer(0, { host: '127.0.0.1', registry: new Registry(), ...options })
    const port = server.port
    const agreed = await new Promise<string | false>((resolve, reject) => {
      const socket = connect({
        host: '127.0.0.1',
        port,
        ca: readFileSync(ca.certFile),
        ALPNProtocols: ['h2', 'http/1.1'],
      })
      socket.once('secureConnect', () => {
        resolve(socket.alpnProtocol ?? false)
        socket.destroy()
      })
      socket.once('error', reject)
    })
    expect(agreed).toBe(alpn)
  })

  it('leaves out what the file does not configure', () => {
    const plain = join(dir, 'plain.yml')
    writeFileSync(plain, 'http_server_config:\n  http2: false\n')
    expect(metricsServerOptionsFromWebConfig(plain)).toEqual({})
  })
})
