import { describe, expect, it } from 'vitest'
import { parseConfig } from './load-config.js'
import { formatBase2Bytes, marshalConfig } from './marshal-config.js'

// Expected texts were printed by Prometheus 2.42's /api/v1/status/config for the same input; the
// e2e suite test/e2e/server-status-config.e2e.test.ts compares a larger corpus live.
describe('marshalConfig', () => {
  it('fills in every default of a minimal file', () => {
    const text = "scrape_configs:\n  - job_name: p\n    static_configs: [{targets: ['localhost:9090']}]\n"
    expect(marshalConfig(parseConfig(text))).toBe(
      [
        'global:',
        '  scrape_interval: 1m',
        '  scrape_timeout: 10s',
        '  evaluation_interval: 1m',
        'scrape_configs:',
        '- job_name: p',
        '  honor_timestamps: true',
        '  scrape_interval: 1m',
        '  scrape_timeout: 10s',
        '  metrics_path: /metrics',
        '  scheme: http',
        '  follow_redirects: true',
        '  enable_http2: true',
        '  static_configs:',
        '  - targets:',
        '    - localhost:9090',
        '',
      ].join('\n'),
    )
  })

  it.each([
    ['a scrape password', 'scrape_configs: [{job_name: j, basic_auth: {username: u, password: hunter2}}]'],
    ['a bearer token', 'scrape_configs: [{job_name: j, bearer_token: hunter2}]'],
    [
      'an oauth2 secret',
      'scrape_configs: [{job_name: j, oauth2: {client_id: i, client_secret: hunter2, token_url: "http://t"}}]',
    ],
    [
      'an HTTP SD token',
      'scrape_configs: [{job_name: j, http_sd_configs: [{url: "http://sd", authorization: {credentials: hunter2}}]}]',
    ],
    ['a remote write URL password', 'remote_write: [{url: "http://u:hunter2@h/w"}]'],
    ['a proxy URL password', 'scrape_configs: [{job_name: j, proxy_url: "http://u:hunter2@proxy:3128"}]'],
  ])('never prints %s', (_what, text) => {
    const yaml = marshalConfig(parseConfig(text))
    expect(yaml).not.toContain('hunter2')
    expect(yaml).toMatch(/<secret>|xxxxx/)
  })

  it('prints proxy_connect_header values as secrets, as 2.42 does', () => {
    const yaml = marshalConfig(
      parseConfig(
        'scrape_configs: [{job_name: j, proxy_url: "http://p:1", proxy_connect_header: {X-Key: [hunter2, b]}}]',
      ),
    )
    expect(yaml).toContain(
      '  proxy_url: http://p:1\n  proxy_connect_header:\n    X-Key:\n    - <secret>\n    - <secret>\n  follow_redirects: true\n',
    )
  })

  it('prints a bearer token as a Bearer authorization in scrape configs but as written in HTTP SD', () => {
    const yaml = marshalConfig(
      parseConfig(
        'scrape_configs: [{job_name: j, bearer_token_file: /t, http_sd_configs: [{url: "http://sd", bearer_token: x}]}]',
      ),
    )
    expect(yaml).toContain('  authorization:\n    type: Bearer\n    credentials_file: /t\n')
    expect(yaml).toContain('  - bearer_token: <secret>\n')
  })

  it('prints relabel rules with their defaults, flow-style source labels and an empty regex as null', () => {
    const yaml = marshalConfig(
      parseConfig(
        "scrape_configs: [{job_name: j, relabel_configs: [{source_labels: [a, b], action: HashMod, modulus: 4, target_label: h}, {regex: '', target_label: x, separator: ''}]}]",
      ),
    )
    expect(yaml).toContain(
      [
        '  - source_labels: [a, b]',
        '    separator: ;',
        '    regex: (.*)',
        '    modulus: 4',
        '    target_label: h',
        '    replacement: $1',
        '    action: hashmod',
        '  - regex: null',
        '    target_label: x',
        '    replacement: $1',
        '    action: replace',
      ].join('\n'),
    )
  })

  it('prints remote write queue and metadata defaults and the 2.42 storage quirk', () => {
    const yaml = marshalConfig(
      parseConfig(
        'remote_write: [{url: "http://w", queue_config: {capacity: 10}}]\nstorage: {tsdb: {out_of_order_time_window: 30m}}',
      ),
    )
    expect(yaml).toContain(
      'storage:\n  tsdb:\n    outofordertimewindow: 1800000\n    out_of_order_time_window: 30m\n',
    )
    expect(yaml).toContain(
      '  queue_config:\n    capacity: 10\n    max_shards: 200\n    min_shards: 1\n    max_samples_per_send: 500\n' +
        '    batch_send_deadline: 5s\n    min_backoff: 30ms\n    max_backoff: 5s\n' +
        '  metadata_config:\n    send: true\n    send_interval: 1m\n    max_samples_per_send: 500\n',
    )
  })

  it('prints TLS min_version as Go’s number and a set TLS block with insecure_skip_verify', () => {
    const yaml = marshalConfig(
      parseConfig('scrape_configs: [{job_name: j, tls_config: {min_version: TLS13}}]'),
    )
    expect(yaml).toContain('  tls_config:\n    insecure_skip_verify: false\n    min_version: 772\n')
  })
})

describe('formatBase2Bytes', () => {
  it.each([
    [10 * 2 ** 20, '10MiB'],
    [1536 * 1024, '1MiB512KiB'],
    [1, '1B'],
    [2 ** 30 + 5, '1GiB5B'],
  ])('%d bytes print as %s', (bytes, expected) => {
    expect(formatBase2Bytes(bytes)).toBe(expected)
  })
})
