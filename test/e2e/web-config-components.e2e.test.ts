import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startAlertmanager } from '@watchfire/alertmanager'
import { startNodeExporter } from '@watchfire/node-exporter'
import { startPushgateway } from '@watchfire/pushgateway'
import { startServer } from '@watchfire/server'
import { WebConfigError } from '@watchfire/web-config'
import bcrypt from 'bcryptjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCa, type TestCa } from '../support/test-certificates.js'

// Budget: ≤ 30 s (measured ~12 s with imports). Every HTTP-serving component started in-process with
// `webConfigFile` serves HTTPS, asks for the password and adds the configured header, and refuses
// to start on an invalid file.

let dir: string
let ca: TestCa
let webConfig: string
let badConfig: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchfire-web-config-components-'))
  ca = createTestCa(dir)
  ca.issue('web', ['IP:127.0.0.1'], 'serverAuth')
  webConfig = join(dir, 'web.yml')
  writeFileSync(
    webConfig,
    [
      'tls_server_config: { cert_file: web.crt, key_file: web.key }',
      'http_server_config: { headers: { X-Frame-Options: sameorigin } }',
      `basic_auth_users: { admin: "${bcrypt.hashSync('pw', 4)}" }`,
    ].join('\n'),
  )
  badConfig = join(dir, 'bad.yml')
  writeFileSync(badConfig, 'basic_auth_users: { admin: pw }\n')
  writeFileSync(join(dir, 'alertmanager.yml'), 'route: { receiver: r }\nreceivers: [{ name: r }]\n')
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

function get(url: string, password: string): Promise<{ status: number; frame: unknown }> {
  return new Promise((resolve, reject) => {
    const auth = Buffer.from(`admin:${password}`).toString('base64')
    const req = request(
      url,
      { ca: readFileSync(ca.certFile), headers: { Authorization: `Basic ${auth}` }, agent: false },
      (res) => {
        res.resume()
        res.on('end', () => resolve({ status: res.statusCode ?? 0, frame: res.headers['x-frame-options'] }))
      },
    )
    req.on('error', reject)
    req.end()
  })
}

type Start = (webConfigFile: string) => Promise<{ url: string; close(): Promise<void> }>

const components: [string, Start][] = [
  [
    'server',
    (webConfigFile) =>
      startServer({
        config: { yaml: 'scrape_configs: []\n' },
        storagePath: mkdtempSync(join(dir, 'tsdb-')),
        listenAddress: '127.0.0.1:0',
        webConfigFile,
        log: () => {},
      }),
  ],
  [
    'alertmanager',
    (webConfigFile) =>
      startAlertmanager({
        configFile: join(dir, 'alertmanager.yml'),
        listenAddress: '127.0.0.1:0',
        webConfigFile,
      }),
  ],
  ['pushgateway', (webConfigFile) => startPushgateway({ listenAddress: '127.0.0.1:0', webConfigFile })],
  [
    'node exporter',
    (webConfigFile) => startNodeExporter({ listenAddress: '127.0.0.1:0', webConfigFile, collectors: [] }),
  ],
]

describe.each(components)('%s with --web.config.file', (_name, start) => {
  it('serves HTTPS with basic auth and the configured header', async () => {
    const running = await start(webConfig)
    try {
      expect(running.url).toMatch(/^https:\/\/127\.0\.0\.1:/)
      const healthy = new URL('/-/healthy', running.url).href
      expect(await get(healthy, 'pw')).toEqual({ status: 200, frame: 'sameorigin' })
      expect(await get(healthy, 'nope')).toEqual({ status: 401, frame: 'sameorigin' })
    } finally {
      await running.close()
    }
  })

  it('refuses to start with an invalid file', async () => {
    await expect(start(badConfig)).rejects.toBeInstanceOf(WebConfigError)
  })
})
