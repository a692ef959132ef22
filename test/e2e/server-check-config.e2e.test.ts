import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { main } from 'watchfire'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROMTOOL_BIN } from './lib/prometheus.js'

// Budget: ≤ 40 s (measured 18 s). Every configuration below goes through Debian's promtool 2.42 and through
// `watchfire check config`: both must accept or both must reject, and when promtool rejects, its
// reason (without the file prefix and line number) must appear in ours.
const run = promisify(execFile)

const job = (body: string): string => `scrape_configs:\n  - job_name: a\n${body.replace(/^/gm, '    ')}\n`

const corpus: Record<string, string> = {
  'empty file': '',
  'minimal job': job('static_configs: [{targets: ["localhost:9090"]}]'),
  'every scrape field': job(`honor_labels: true
honor_timestamps: false
params: {module: [http_2xx], target: [a, b]}
scrape_interval: 30s
scrape_timeout: 5s
metrics_path: /probe
scheme: https
body_size_limit: 10MB
sample_limit: 1000
target_limit: 10
label_limit: 30
label_name_length_limit: 100
label_value_length_limit: 200
basic_auth: {username: u, password: p}
tls_config: {insecure_skip_verify: true, server_name: x, min_version: TLS12}
follow_redirects: false
enable_http2: false
static_configs: [{targets: ["a:1", "b:2"], labels: {env: prod}}]
file_sd_configs: [{files: ["targets/*.json", "t.yml"], refresh_interval: 1m}]
http_sd_configs: [{url: "http://sd.example/targets", refresh_interval: 30s}]
relabel_configs:
  - {source_labels: [__address__], regex: "(.*):.*", target_label: host, replacement: "$1"}
metric_relabel_configs:
  - {source_labels: [__name__], regex: "go_.*", action: drop}`),
  'global section': `global:\n  scrape_interval: 15s\n  scrape_timeout: 5s\n  evaluation_interval: 30s\n  external_labels: {cluster: a, replica: "1"}\n`,
  'YAML 1.1 booleans': job('honor_labels: yes\nhonor_timestamps: off'),
  'numeric job name': 'scrape_configs:\n  - job_name: 5\n',
  'durations with several units': 'global:\n  scrape_interval: 1h30m\n  scrape_timeout: 1m\n',
  'zero durations fall back to defaults': job('scrape_timeout: 0s'),
  'interval equals timeout': 'global:\n  scrape_interval: 1m\n  scrape_timeout: 1m\n',
  'job interval below global timeout': job('scrape_interval: 5s'),
  'null sections': 'global: null\nscrape_configs: null\n',
  'empty target list': job('static_configs: [{targets: []}]'),
  'target without port': job('static_configs: [{targets: ["x"]}]'),
  'target with a space': job('static_configs: [{targets: ["a b"]}]'),
  'empty label value': job('static_configs: [{targets: ["x:1"], labels: {a: ""}}]'),
  authorization: job('authorization: {type: Token, credentials: abc}'),
  'basic auth with only a password': job('basic_auth: {password: p}'),
  'bearer token': job('bearer_token: abc'),
  oauth2: job('oauth2: {client_id: a, client_secret: s, token_url: "http://x/token", scopes: [a]}'),
  'any scheme string': job('scheme: ftp'),
  'relative metrics path': job('metrics_path: metrics'),
  'body size in KiB and zero': job('body_size_limit: 1KiB') + '  - job_name: b\n    body_size_limit: 0\n',
  'every relabel action': job(`relabel_configs:
  - {source_labels: [a], target_label: b}
  - {source_labels: [a], regex: x, action: keep}
  - {source_labels: [a], regex: x, action: drop}
  - {source_labels: [a], target_label: b, action: keepequal}
  - {source_labels: [a], target_label: b, action: dropequal}
  - {source_labels: [a], modulus: 4, target_label: h, action: hashmod}
  - {regex: "__meta_(.+)", action: labelmap}
  - {regex: tmp, action: labeldrop}
  - {regex: ".*", action: labelkeep}
  - {source_labels: [a], target_label: b, action: lowercase}
  - {source_labels: [a], target_label: b, action: UpperCase}`),
  'templated target label': job('relabel_configs: [{source_labels: [a], target_label: "${1}"}]'),
  'null regex': job('relabel_configs: [{regex: null, target_label: a}]'),
  'modulus on replace': job('relabel_configs: [{action: replace, target_label: b, modulus: 5}]'),
  'remote write':
    'remote_write:\n  - url: http://x/w\n    queue_config: {capacity: 10, max_backoff: 5s}\n    write_relabel_configs: [{action: drop, source_labels: [a]}]\n',
  'remote write without names twice': 'remote_write:\n  - url: http://x/w\n  - url: http://x/w\n',
  alerting:
    'alerting:\n  alert_relabel_configs: [{action: labeldrop, regex: replica}]\n  alertmanagers:\n    - static_configs: [{targets: ["am:9093"]}]\n      api_version: v2\n      timeout: 5s\n',
  'rule file glob without matches': 'rule_files: ["rules/*.yml", "other.yml"]\n',
  'file SD with missing files warns only': job('file_sd_configs: [{files: ["/nonexistent/*.json"]}]'),
  'HTTP SD bearer token file alone': job(
    'http_sd_configs:\n  - url: http://sd.example/t\n    bearer_token_file: /nonexistent/token',
  ),
  'HTTP SD bearer token file with authorization': job(
    'http_sd_configs:\n  - url: http://sd.example/t\n    bearer_token_file: /nonexistent/token\n    authorization: {credentials: x}',
  ),
  'HTTP SD bearer token and file': job(
    'http_sd_configs:\n  - url: http://sd.example/t\n    bearer_token: x\n    bearer_token_file: /nonexistent/token',
  ),
  'HTTP SD basic auth and bearer token file': job(
    'http_sd_configs:\n  - url: http://sd.example/t\n    basic_auth: {username: u, password: p}\n    bearer_token_file: /nonexistent/token',
  ),
  'HTTP SD oauth2 and authorization': job(
    'http_sd_configs:\n  - url: http://sd.example/t\n    oauth2: {client_id: a, client_secret: s, token_url: "http://x/t"}\n    authorization: {credentials: x}',
  ),
  'HTTP SD oauth2 and basic auth': job(
    'http_sd_configs:\n  - url: http://sd.example/t\n    oauth2: {client_id: a, client_secret: s, token_url: "http://x/t"}\n    basic_auth: {username: u}',
  ),
  'HTTP SD oauth2 without client id': job(
    'http_sd_configs:\n  - url: http://sd.example/t\n    oauth2: {client_secret: s, token_url: "http://x/t"}',
  ),
  'HTTP SD basic auth with password and file': job(
    'http_sd_configs:\n  - url: http://sd.example/t\n    basic_auth: {username: u, password: p, password_file: /x}',
  ),
  'HTTP SD authorization type basic': job(
    'http_sd_configs:\n  - url: http://sd.example/t\n    authorization: {type: Basic, credentials: x}',
  ),
  'HTTP SD proxy header without proxy URL': job(
    'http_sd_configs:\n  - url: http://sd.example/t\n    proxy_connect_header: {X: [a]}',
  ),
  'relative proxy URL': job('proxy_url: foo'),
  'Alertmanager HTTP SD with two credentials':
    'alerting:\n  alertmanagers:\n    - http_sd_configs:\n        - url: http://sd.example/t\n          bearer_token: x\n          authorization: {credentials: y}\n',
  // Rejected ones.
  'bad global duration': 'global:\n  scrape_interval: 5x\n',
  'duration without unit': 'global:\n  scrape_interval: 30\n',
  'fractional duration': 'global:\n  scrape_interval: 1.5s\n',
  'negative duration': 'global:\n  evaluation_interval: -1s\n',
  'unknown global field': 'global:\n  foo: 1\n',
  'unknown top-level field': 'foo: 1\n',
  'unknown scrape field': job('foo: 1'),
  'scrape_protocols is unknown to 2.42': job('scrape_protocols: [PrometheusText0.0.4]'),
  'global sample_limit is unknown to 2.42': 'global:\n  sample_limit: 5\n',
  'unsupported SD mechanism': job('kubernetes_sd_configs: [{role: pod}]'),
  'field set twice': job('job_name: b'),
  'empty job name': 'scrape_configs:\n  - job_name: ""\n',
  'job without name': 'scrape_configs:\n  - {}\n',
  'null scrape config': 'scrape_configs:\n  - null\n',
  'duplicate job names': 'scrape_configs:\n  - job_name: a\n  - job_name: a\n',
  'timeout above interval': job('scrape_interval: 5s\nscrape_timeout: 10s'),
  'global timeout above interval': 'global:\n  scrape_interval: 5s\n  scrape_timeout: 10s\n',
  'invalid external label name': 'global:\n  external_labels: {"a-b": x}\n',
  'negative sample limit': job('sample_limit: -1'),
  'bad body size unit': job('body_size_limit: 10XB'),
  'body size without unit': job('body_size_limit: 1000'),
  'boolean as a quoted string': job('honor_labels: "yes"'),
  'params as a string': job('params: {a: b}'),
  'targets as a string': job('static_configs: [{targets: "x:1"}]'),
  'target with a scheme': job('static_configs: [{targets: ["http://x:1"]}]'),
  'target with a path': job('static_configs: [{targets: ["x:1/path"]}]'),
  'invalid target label name': job('static_configs: [{targets: ["x:1"], labels: {"1a": b}}]'),
  'file SD with a bad extension': job('file_sd_configs: [{files: ["a.txt"]}]'),
  'file SD without files': job('file_sd_configs: [{files: []}]'),
  'HTTP SD with ftp': job('http_sd_configs: [{url: "ftp://x"}]'),
  'HTTP SD without URL': job('http_sd_configs: [{}]'),
  'basic auth with password and file': job('basic_auth: {username: u, password: p, password_file: /x}'),
  'authorization type basic': job('authorization: {type: Basic, credentials: x}'),
  'authorization with two credentials': job('authorization: {credentials: x, credentials_file: /y}'),
  'authorization and basic auth': job('authorization: {credentials: x}\nbasic_auth: {username: u}'),
  'bearer token and authorization': job('bearer_token: x\nauthorization: {credentials: y}'),
  'bearer token and file': job('bearer_token: x\nbearer_token_file: y'),
  'oauth2 without secret': job('oauth2: {client_id: a, token_url: "http://x"}'),
  'client key without cert': job('tls_config: {key_file: /x}'),
  'client cert without key': job('tls_config: {cert_file: /x}'),
  'missing client cert file': job('tls_config: {cert_file: /nonexistent/c, key_file: /nonexistent/k}'),
  'missing bearer token file': job('bearer_token_file: /nonexistent/token'),
  'unknown TLS field': job('tls_config: {ca: abc}'),
  'unknown TLS version': job('tls_config: {min_version: TLS99}'),
  'bad proxy URL': job('proxy_url: "::bad"'),
  'HTTP SD unknown field': job('http_sd_configs:\n  - url: http://sd.example/t\n    bogus: 1'),
  'HTTP SD unknown TLS version': job(
    'http_sd_configs:\n  - url: http://sd.example/t\n    tls_config: {min_version: TLS99}',
  ),
  'HTTP SD proxy_from_environment is unknown to 2.42': job(
    'http_sd_configs:\n  - url: http://sd.example/t\n    proxy_from_environment: true',
  ),
  'HTTP SD bad proxy URL': job('http_sd_configs:\n  - url: http://sd.example/t\n    proxy_url: "http://a:b"'),
  'proxy URL with a bad port': job('proxy_url: "http://a:b"'),
  'proxy URL with a bad escape': job('proxy_url: "http://u%zz@x"'),
  'proxy URL with a colon in the first segment': job('proxy_url: "1http://x"'),
  'proxy header without proxy URL': job('proxy_connect_header: {X: [a]}'),
  'no_proxy is unknown to 2.42': job('no_proxy: localhost'),
  'remote write bearer token and authorization':
    'remote_write:\n  - url: http://x/w\n    bearer_token: x\n    authorization: {credentials: y}\n',
  'Alertmanager bearer token and file':
    'alerting:\n  alertmanagers:\n    - bearer_token: x\n      bearer_token_file: y\n',
  'unknown relabel action': job('relabel_configs: [{action: foo}]'),
  'bad relabel regex': job('relabel_configs: [{source_labels: [a], regex: "a(", action: keep}]'),
  'bad source label name': job('relabel_configs: [{source_labels: ["a-b"], action: keep}]'),
  'labeldrop with a separator': job(
    'metric_relabel_configs: [{action: labeldrop, regex: x, separator: ","}]',
  ),
  'hashmod without modulus': job('relabel_configs: [{action: hashmod, target_label: x, modulus: 0}]'),
  'null relabel rule': job('relabel_configs: [null]'),
  'null metric relabel rule': job('metric_relabel_configs: [null]'),
  'unknown relabel field': job('relabel_configs: [{unknown: 1}]'),
  'labelmap with an invalid replacement': job(
    'relabel_configs: [{action: labelmap, regex: "(.*)", replacement: "x-$1"}]',
  ),
  'keepequal with a regex': job(
    'relabel_configs: [{action: keepequal, source_labels: [a], target_label: b, regex: "(.*)"}]',
  ),
  'replace into an invalid label': job('relabel_configs: [{source_labels: [a], target_label: "a-b"}]'),
  'remote write without URL': 'remote_write:\n  - {}\n',
  'remote write names twice':
    'remote_write:\n  - url: http://x/w\n    name: a\n  - url: http://y/w\n    name: a\n',
  'remote write reserved header': 'remote_write:\n  - url: http://x/w\n    headers: {User-Agent: x}\n',
  'alert relabel action': 'alerting:\n  alert_relabel_configs: [{action: nope}]\n',
  'Alertmanager API v3': 'alerting:\n  alertmanagers:\n    - api_version: v3\n',
  'bad rule file pattern': 'rule_files: ["[a"]\n',
  'rule file path with wildcard directory': 'rule_files: ["*/x.yml"]\n',
  'YAML syntax error': 'a: [\n',
  'duplicate mapping key': 'global:\n  scrape_interval: 1s\n  scrape_interval: 2s\n',
}

/** Where Watchfire deliberately differs from promtool 2.42, and why; these must still differ. */
const knownDifferences: Record<string, string> = {
  'scrape_protocols is unknown to 2.42':
    'Watchfire reads scrape_protocols (Prometheus 2.49+), which 2.42 rejects',
}

interface Outcome {
  code: number
  reason: string
}

async function promtool(file: string): Promise<Outcome> {
  try {
    await run(PROMTOOL_BIN, ['check', 'config', file])
    return { code: 0, reason: '' }
  } catch (err) {
    const e = err as { code?: number; stderr?: string }
    return { code: e.code ?? -1, reason: e.stderr ?? '' }
  }
}

async function watchfire(file: string): Promise<Outcome> {
  let stderr = ''
  const code = await main(['check', 'config', file], {
    stdout: { write: () => true },
    stderr: { write: (text: string) => (stderr += text) },
    signal: new AbortController().signal,
  })
  return { code, reason: stderr }
}

/** promtool's reason without "FAILED:", the file prefix and yaml.v2's "unmarshal errors: line N:" framing. */
function essence(stderr: string): string {
  return stderr
    .replace(/^\s*FAILED:\s*/, '')
    .replace(/^parsing YAML file [^:]+: /, '')
    .replace(/^yaml: unmarshal errors:\s*line \d+: /, '')
    .replace(/^yaml: line \d+: /, '')
    .trim()
}

describe('watchfire check config agrees with promtool check config', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'watchfire-check-'))
    await mkdir(join(dir, 'rules'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('has a corpus of at least 40 configurations, good and bad', () => {
    expect(Object.keys(corpus).length).toBeGreaterThanOrEqual(40)
  })

  it.each(Object.entries(corpus))('%s', async (name, yaml) => {
    const file = join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.yml`)
    await writeFile(file, yaml)
    const theirs = await promtool(file)
    const ours = await watchfire(file)
    if (name in knownDifferences) {
      expect(ours.code, knownDifferences[name]).not.toBe(theirs.code)
      return
    }
    expect({ code: ours.code, reason: ours.reason }).toMatchObject({ code: theirs.code })
    // Syntax errors are worded by each YAML parser; everything else must carry promtool's reason.
    if (theirs.code !== 0 && !/^\s*FAILED: parsing YAML file [^:]+: yaml: line/.test(theirs.reason)) {
      expect(ours.reason).toContain(essence(theirs.reason))
    }
  })
})
