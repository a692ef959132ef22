import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startNodeExporter, type NodeExporter } from '@watchfire/node-exporter'
import { startServer, type RunningServer } from '@watchfire/server'
import { checkWebConfigFile } from '@watchfire/web-config'
import bcrypt from 'bcryptjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCa, type IssuedCertificate, type TestCa } from '../support/test-certificates.js'
import { freePort } from './lib/ports.js'
import { startProcess, type Managed } from './lib/processes.js'
import { eventually, PROMTOOL_BIN, startPrometheus, type RealPrometheus } from './lib/prometheus.js'

// Budget: ≤ 60 s (measured ~21 s with imports). One exporter-toolkit web config file (TLS with client
// certificates required and verified, basic auth, a header) is used by Debian's node exporter 1.5 and
// by ours; the real Prometheus 2.42 scrapes ours under it and our server scrapes the original under
// it, and both report up == 1.

const NODE_EXPORTER_BIN = process.env.NODE_EXPORTER_BIN ?? '/usr/bin/prometheus-node-exporter'
const PASSWORD = 'interop-s3cret'

let dir: string
let ca: TestCa
let scraper: IssuedCertificate
let webConfig: string
let original: Managed
let originalAddress: string
let ours: NodeExporter
let prometheus: RealPrometheus | undefined
let server: RunningServer | undefined

/** One HTTPS GET with the scraper's certificate (or none) and basic auth; resolves with the status. */
function probe(url: string, withCert: boolean, password: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        ca: readFileSync(ca.certFile),
        cert: withCert ? readFileSync(scraper.certFile) : undefined,
        key: withCert ? readFileSync(scraper.keyFile) : undefined,
        headers: { Authorization: `Basic ${Buffer.from(`prometheus:${password}`).toString('base64')}` },
        agent: false,
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      },
    )
    req.on('error', reject)
    req.end()
  })
}

/** The scrape job both scrapers use: https, the CA, the scraper's certificate and basic auth. */
function scrapeJob(job: string, target: string): string {
  return `
  - job_name: ${job}
    scheme: https
    tls_config:
      ca_file: ${ca.certFile}
      cert_file: ${scraper.certFile}
      key_file: ${scraper.keyFile}
    basic_auth:
      username: prometheus
      password: ${PASSWORD}
    static_configs: [{ targets: ['${target}'] }]`
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'watchfire-web-config-interop-'))
  ca = createTestCa(dir)
  ca.issue('exporter', ['DNS:localhost', 'IP:127.0.0.1'], 'serverAuth')
  scraper = ca.issue('scraper', ['DNS:prometheus.example'], 'clientAuth')
  webConfig = join(dir, 'web-config.yml')
  writeFileSync(
    webConfig,
    [
      'tls_server_config:',
      '  cert_file: exporter.crt',
      '  key_file: exporter.key',
      '  client_auth_type: RequireAndVerifyClientCert',
      '  client_ca_file: ca.crt',
      '  min_version: TLS12',
      'http_server_config:',
      '  headers:',
      '    X-Content-Type-Options: nosniff',
      'basic_auth_users:',
      // htpasswd -B writes $2y$ hashes; both implementations must take them.
      `  prometheus: ${bcrypt.hashSync(PASSWORD, 10).replace(/^\$2b\$/, '$2y$')}`,
    ].join('\n') + '\n',
  )
  originalAddress = `127.0.0.1:${await freePort()}`
  original = startProcess(NODE_EXPORTER_BIN, [
    `--web.listen-address=${originalAddress}`,
    `--web.config.file=${webConfig}`,
    '--collector.disable-defaults',
    '--collector.loadavg',
  ])
  ours = await startNodeExporter({
    listenAddress: '127.0.0.1:0',
    webConfigFile: webConfig,
    collectors: ['loadavg'],
  })
}, 60_000)

afterAll(async () => {
  await prometheus?.stop()
  await server?.close()
  await ours?.close()
  await original?.stop()
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
})

describe('one web config file, two node exporters', () => {
  it('is accepted by the original: served with certificate and password, refused without', async () => {
    const url = `https://${originalAddress}/metrics`
    const status = await eventually(() => probe(url, true, PASSWORD), 10_000).catch((err: unknown) => {
      throw new Error(`the original node exporter did not serve: ${original.output()}`, { cause: err })
    })
    expect(status).toBe(200)
    expect(await probe(url, true, 'wrong')).toBe(401)
    await expect(probe(url, false, PASSWORD)).rejects.toThrow()
  })

  it('is enforced the same way by ours', async () => {
    expect(ours.url).toMatch(/^https:/)
    expect(await probe(ours.metricsUrl, true, PASSWORD)).toBe(200)
    expect(await probe(ours.metricsUrl, true, 'wrong')).toBe(401)
    await expect(probe(ours.metricsUrl, false, PASSWORD)).rejects.toThrow()
  })

  it('lets the real Prometheus scrape our node exporter: up == 1', async () => {
    prometheus = await startPrometheus(
      `global: { scrape_interval: 1s, scrape_timeout: 900ms }\nscrape_configs:${scrapeJob('ours', new URL(ours.url).host)}\n`,
    )
    const up = await eventually(async () => {
      const [series] = (await prometheus?.query('up{job="ours"}')) ?? []
      return series?.value?.[1] === '1' ? 1 : undefined
    }, 20_000)
    expect(up).toBe(1)
  })

  it('lets our server scrape the original node exporter: up == 1', async () => {
    server = await startServer({
      config: {
        yaml: `global: { scrape_interval: 1s, scrape_timeout: 900ms }\nscrape_configs:${scrapeJob('original', originalAddress)}\n`,
      },
      storagePath: join(dir, 'data'),
      listenAddress: '127.0.0.1:0',
      log: () => {},
    })
    const url = `${server.url}/api/v1/query?query=${encodeURIComponent('up{job="original"}')}`
    const up = await eventually(async () => {
      const body = (await (await fetch(url)).json()) as { data?: { result: { value: [number, string] }[] } }
      return body.data?.result[0]?.value[1] === '1' ? 1 : undefined
    }, 20_000)
    expect(up).toBe(1)
  })
})

/** Whether promtool 2.42 (its exporter toolkit) accepts a file. */
function promtoolAccepts(path: string): boolean {
  try {
    execFileSync(PROMTOOL_BIN, ['check', 'web-config', path], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

function oursAccepts(path: string): boolean {
  try {
    checkWebConfigFile(path)
    return true
  } catch {
    return false
  }
}

const TLS = 'tls_server_config:\n  cert_file: exporter.crt\n  key_file: exporter.key\n'

describe('check web-config agrees with promtool', () => {
  it.each([
    ['the interop file', undefined],
    ['an empty file', ''],
    ['TLS only', TLS],
    [
      'every client auth type',
      `${TLS}  client_auth_type: VerifyClientCertIfGiven\n  client_ca_file: ca.crt\n`,
    ],
    [
      'cipher suites and curves',
      `${TLS}  cipher_suites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256]\n  curve_preferences: [X25519]\n`,
    ],
    ['TLS versions', `${TLS}  min_version: TLS13\n  max_version: TLS13\n`],
    ['an unknown field', `${TLS}  cert: x\n  certificate: y\n`],
    ['a missing key_file', 'tls_server_config:\n  cert_file: exporter.crt\n'],
    [
      'a key of another certificate',
      'tls_server_config:\n  cert_file: exporter.crt\n  key_file: scraper.key\n',
    ],
    ['a client CA without a policy', `${TLS}  client_ca_file: ca.crt\n`],
    ['an invalid client auth type', `${TLS}  client_auth_type: Sometimes\n`],
    ['an unknown cipher', `${TLS}  cipher_suites: [TLS_RSA_WITH_RC4_128_SHA]\n`],
    ['an unknown TLS version', `${TLS}  min_version: SSL3\n`],
    ['a forbidden header', 'http_server_config:\n  headers:\n    Server: me\n'],
    ['a header value outside its set', 'http_server_config:\n  headers:\n    X-Frame-Options: allowall\n'],
    ['a plain-text password', 'basic_auth_users:\n  a: secret\n'],
    ['http2 not a boolean', 'http_server_config:\n  http2: sometimes\n'],
  ])('%s', (_name, text) => {
    const path = text === undefined ? webConfig : join(dir, 'case.yml')
    if (text !== undefined) writeFileSync(path, text)
    expect(oursAccepts(path)).toBe(promtoolAccepts(path))
  })
})
