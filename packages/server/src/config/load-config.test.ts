import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError } from './config-error.js'
import type { HttpClientConfig } from './config-types.js'
import { loadConfigFile, parseConfig } from './load-config.js'

function error(yaml: string): string {
  try {
    parseConfig(yaml)
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    return (err as Error).message
  }
  throw new Error('expected the configuration to be rejected')
}

describe('parseConfig', () => {
  it('fills in Prometheus defaults', () => {
    const config = parseConfig('scrape_configs:\n  - job_name: a\n')
    expect(config.global).toEqual({
      scrapeIntervalMs: 60_000,
      scrapeTimeoutMs: 10_000,
      evaluationIntervalMs: 60_000,
      queryLogFile: '',
      externalLabels: {},
    })
    expect(config.scrapeConfigs[0]).toMatchObject({
      jobName: 'a',
      honorLabels: false,
      honorTimestamps: true,
      scrapeIntervalMs: 60_000,
      scrapeTimeoutMs: 10_000,
      metricsPath: '/metrics',
      scheme: 'http',
      bodySizeLimitBytes: 0,
      sampleLimit: 0,
      scrapeProtocols: undefined,
      staticConfigs: [],
    })
  })

  it('inherits the global interval and caps the timeout at the interval', () => {
    const config = parseConfig(
      'global:\n  scrape_interval: 5s\nscrape_configs:\n  - job_name: a\n  - job_name: b\n    scrape_interval: 1m\n',
    )
    expect(config.scrapeConfigs.map((c) => [c.scrapeIntervalMs, c.scrapeTimeoutMs])).toEqual([
      [5000, 5000],
      [60_000, 5000],
    ])
  })

  it('reads every scrape field', () => {
    const [sc] = parseConfig(`scrape_configs:
  - job_name: a
    honor_labels: yes
    params: {module: [x]}
    body_size_limit: 1MB
    sample_limit: 5
    label_limit: 6
    label_name_length_limit: 7
    label_value_length_limit: 8
    scrape_protocols: [PrometheusProto, PrometheusText0.0.4]
    basic_auth: {username: u, password: p}
    static_configs: [{targets: ["x:1"], labels: {env: prod}}]
    file_sd_configs: [{files: [t.json]}]
    http_sd_configs: [{url: "http://sd/x", refresh_interval: 10s}]
    relabel_configs: [{source_labels: [a], target_label: b}]
    metric_relabel_configs: [{regex: tmp, action: labeldrop}]
`).scrapeConfigs
    expect(sc).toMatchObject({
      honorLabels: true,
      params: { module: ['x'] },
      bodySizeLimitBytes: 1 << 20,
      sampleLimit: 5,
      labelLimit: 6,
      labelNameLengthLimit: 7,
      labelValueLengthLimit: 8,
      scrapeProtocols: ['PrometheusProto', 'PrometheusText0.0.4'],
      httpClient: { basicAuth: { username: 'u', password: 'p', passwordFile: '' } },
      staticConfigs: [{ targets: ['x:1'], labels: { env: 'prod' } }],
      fileSdConfigs: [{ files: ['t.json'], refreshIntervalMs: 300_000 }],
      httpSdConfigs: [{ url: 'http://sd/x', refreshIntervalMs: 10_000 }],
    })
    expect(sc?.relabelConfigs[0]?.targetLabel).toBe('b')
    expect(sc?.metricRelabelConfigs[0]?.action).toBe('labeldrop')
  })

  it.each([
    [
      'scrape_configs:\n  - job_name: a\n  - job_name: b\n    scrape_interval: 5x\n',
      'scrape_configs[1].scrape_interval: not a valid duration string: "5x"',
    ],
    [
      'scrape_configs:\n  - job_name: a\n    foo: 1\n',
      'line 3: scrape_configs[0].foo: field foo not found in type config.ScrapeConfig',
    ],
    [
      'scrape_configs:\n  - job_name: a\n    sample_limit: -1\n',
      'line 3: scrape_configs[0].sample_limit: cannot unmarshal !!int `-1` into uint',
    ],
    [
      'scrape_configs:\n  - job_name: a\n    relabel_configs: [{action: nope}]\n',
      'scrape_configs[0].relabel_configs[0]: unknown relabel action "nope"',
    ],
    [
      'scrape_configs:\n  - job_name: a\n    scrape_protocols: [Foo]\n',
      'scrape_configs[0].scrape_protocols: unknown scrape protocol Foo',
    ],
    ['scrape_configs:\n  - job_name: a\n    scrape_protocols: []\n', 'scrape_protocols cannot be empty'],
    ['a: [\n', 'yaml: line '],
  ])('rejects %j naming the field', (yaml, message) => {
    expect(error(yaml)).toContain(message)
  })
})

describe('loadConfigFile', () => {
  const tls = `
    tls_config:
      ca_file: certs/ca.crt
      cert_file: certs/client.crt
      key_file: /abs/client.key`
  const files = (c: HttpClientConfig | undefined): (string | undefined)[] => [
    c?.tlsConfig.caFile,
    c?.tlsConfig.certFile,
    c?.tlsConfig.keyFile,
    c?.basicAuth?.passwordFile,
    c?.authorization?.credentialsFile,
    c?.oauth2?.clientSecretFile,
    c?.oauth2?.tlsConfig.caFile,
    c?.bearerTokenFile,
  ]

  it('resolves the files of remote_write and remote_read clients against the config directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'watchfire-load-config-'))
    try {
      const path = join(dir, 'prometheus.yml')
      writeFileSync(
        path,
        `remote_write:
  - url: http://a/write
    basic_auth: { username: u, password_file: secrets/pw }${tls}
  - url: http://b/write
    oauth2:
      client_id: id
      client_secret_file: secrets/oauth
      token_url: http://token
      tls_config: { ca_file: token-ca.crt }
remote_read:
  - url: http://c/read
    authorization: { credentials_file: secrets/creds }${tls}
  - url: http://d/read
    bearer_token_file: token
`,
      )
      const config = await loadConfigFile(path)
      const d = (p: string): string => join(dir, p)
      expect(config.remoteWrite.map((r) => files(r.httpClient))).toEqual([
        [
          d('certs/ca.crt'),
          d('certs/client.crt'),
          '/abs/client.key',
          d('secrets/pw'),
          undefined,
          undefined,
          undefined,
          '',
        ],
        ['', '', '', undefined, undefined, d('secrets/oauth'), d('token-ca.crt'), ''],
      ])
      expect(config.remoteRead?.map((r) => files(r.httpClient))).toEqual([
        [
          d('certs/ca.crt'),
          d('certs/client.crt'),
          '/abs/client.key',
          undefined,
          d('secrets/creds'),
          undefined,
          undefined,
          '',
        ],
        ['', '', '', undefined, undefined, undefined, undefined, d('token')],
      ])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
