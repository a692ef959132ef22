import type { RelabelConfig } from '@watchfire/model'
import type {
  AlertmanagerConfig,
  Config,
  FileSdConfig,
  GlobalConfig,
  HttpClientConfig,
  HttpSdConfig,
  OAuth2Config,
  RemoteReadConfig,
  RemoteWriteConfig,
  ScrapeConfig,
  TargetGroupConfig,
  TlsConfig,
} from './config-types.js'
import { formatDuration } from './duration.js'
import { redactUrlPassword, SECRET_MARKER } from './secret.js'
import { emitYaml, sortedMap, yamlMap, type YamlMap, type YamlNode } from './yaml-emitter.js'

// Go's tls.VersionTLS1x constants: Prometheus 2.42 prints min_version as the number.
const TLS_VERSION_NUMBERS: Readonly<Record<string, number>> = {
  TLS10: 0x0301,
  TLS11: 0x0302,
  TLS12: 0x0303,
  TLS13: 0x0304,
}

const BASE2_UNITS: readonly [string, number][] = [
  ['EiB', 2 ** 60],
  ['PiB', 2 ** 50],
  ['TiB', 2 ** 40],
  ['GiB', 2 ** 30],
  ['MiB', 2 ** 20],
  ['KiB', 2 ** 10],
  ['B', 1],
]

/** Bytes as go-units' Base2Bytes prints them: `10MiB`, `1MiB512KiB`. */
export function formatBase2Bytes(bytes: number): string {
  let rest = bytes
  let out = ''
  for (const [unit, size] of BASE2_UNITS) {
    const n = Math.floor(rest / size)
    if (n > 0) {
      out += `${n}${unit}`
      rest -= n * size
    }
  }
  return out === '' ? '0B' : out
}

const nonEmpty = (s: string): string | undefined => (s === '' ? undefined : s)
const secret = (s: string): string | undefined => (s === '' ? undefined : SECRET_MARKER)
const positive = (n: number): number | undefined => (n > 0 ? n : undefined)
const onlyTrue = (b: boolean): true | undefined => (b ? true : undefined)
const list = <T>(items: readonly T[], f: (item: T) => YamlNode): YamlNode[] | undefined =>
  items.length === 0 ? undefined : items.map(f)
const record = (r: Readonly<Record<string, string>>): YamlMap | undefined =>
  Object.keys(r).length === 0 ? undefined : sortedMap(r)

function tls(t: TlsConfig): YamlMap | undefined {
  const zero =
    t.caFile === '' &&
    t.certFile === '' &&
    t.keyFile === '' &&
    t.serverName === '' &&
    !t.insecureSkipVerify &&
    t.minVersion === ''
  if (zero) return undefined
  return yamlMap([
    ['ca_file', nonEmpty(t.caFile)],
    ['cert_file', nonEmpty(t.certFile)],
    ['key_file', nonEmpty(t.keyFile)],
    ['server_name', nonEmpty(t.serverName)],
    ['insecure_skip_verify', t.insecureSkipVerify],
    ['min_version', TLS_VERSION_NUMBERS[t.minVersion]],
  ])
}

function oauth2(o: OAuth2Config): YamlMap {
  return yamlMap([
    ['client_id', o.clientId],
    // Not omitempty in Go: an empty secret marshals to nil, printed `null`.
    ['client_secret', secret(o.clientSecret) ?? null],
    ['client_secret_file', o.clientSecretFile],
    ['scopes', list(o.scopes, (s) => s)],
    ['token_url', o.tokenUrl],
    ['endpoint_params', record(o.endpointParams)],
    ['tls_config', tls(o.tlsConfig)],
    ['proxy_url', nonEmpty(redactUrlPassword(o.proxyUrl))],
  ])
}

/** Header values are secrets in Go's ProxyConnectHeader: each prints as `<secret>`. */
function proxyConnectHeader(headers: Readonly<Record<string, string[]>> | undefined): YamlMap | undefined {
  if (headers === undefined || Object.keys(headers).length === 0) return undefined
  const shown: Record<string, YamlNode> = {}
  for (const [name, values] of Object.entries(headers)) shown[name] = values.map(() => SECRET_MARKER)
  return sortedMap(shown)
}

function authorization(c: HttpClientConfig, validated: boolean): YamlMap | undefined {
  // Validation turns bearer_token(_file) into an authorization of type Bearer, and defaults the type.
  const bearer = validated && (c.bearerToken !== '' || c.bearerTokenFile !== '')
  const auth =
    c.authorization ??
    (bearer ? { type: 'Bearer', credentials: c.bearerToken, credentialsFile: c.bearerTokenFile } : undefined)
  if (auth === undefined) return undefined
  const type = validated ? auth.type : (auth.typeAsWritten ?? auth.type)
  return yamlMap([
    ['type', nonEmpty(type)],
    ['credentials', secret(auth.credentials)],
    ['credentials_file', nonEmpty(auth.credentialsFile)],
  ])
}

/**
 * The inlined HTTP client fields, in the order of Go's HTTPClientConfig (prometheus/common 0.39).
 * HTTP SD sections are printed as written: 2.42 does not validate their client, so bearer tokens
 * stay bearer tokens and an authorization keeps an empty type.
 */
function httpClient(c: HttpClientConfig, validated = true): [string, YamlNode | undefined][] {
  const basic = c.basicAuth
  return [
    [
      'basic_auth',
      basic &&
        yamlMap([
          ['username', nonEmpty(basic.username)],
          ['password', secret(basic.password)],
          ['password_file', nonEmpty(basic.passwordFile)],
        ]),
    ],
    ['authorization', authorization(c, validated)],
    ['oauth2', c.oauth2 && oauth2(c.oauth2)],
    ['bearer_token', validated ? undefined : secret(c.bearerToken)],
    ['bearer_token_file', validated ? undefined : nonEmpty(c.bearerTokenFile)],
    ['tls_config', tls(c.tlsConfig)],
    ['proxy_url', nonEmpty(redactUrlPassword(c.proxyUrl))],
    ['proxy_connect_header', proxyConnectHeader(c.proxyConnectHeader)],
    ['follow_redirects', c.followRedirects],
    ['enable_http2', c.enableHttp2],
  ]
}

function relabel(r: RelabelConfig): YamlMap {
  return yamlMap([
    ['source_labels', r.sourceLabels.length === 0 ? undefined : { kind: 'flow', items: r.sourceLabels }],
    ['separator', nonEmpty(r.separator)],
    // The empty regex marshals to nil in Go.
    ['regex', r.regex.source === '' ? null : r.regex.source],
    ['modulus', positive(r.modulus)],
    ['target_label', nonEmpty(r.targetLabel)],
    ['replacement', nonEmpty(r.replacement)],
    ['action', r.action],
  ])
}

const relabels = (rules: readonly RelabelConfig[]): YamlNode[] | undefined => list(rules, relabel)

function staticGroup(g: TargetGroupConfig): YamlMap {
  return yamlMap([
    ['targets', g.targets],
    ['labels', record(g.labels)],
  ])
}

function fileSd(c: FileSdConfig): YamlMap {
  return yamlMap([
    ['files', c.files],
    ['refresh_interval', c.refreshIntervalMs === 0 ? undefined : formatDuration(c.refreshIntervalMs)],
  ])
}

function httpSd(c: HttpSdConfig): YamlMap {
  return yamlMap([
    ...httpClient(c.httpClient, false),
    ['refresh_interval', c.refreshIntervalMs === 0 ? undefined : formatDuration(c.refreshIntervalMs)],
    ['url', c.url],
  ])
}

/** Discovery sections print after the struct's own fields, sorted by key as Prometheus registers them. */
function discovery(
  c: Pick<ScrapeConfig, 'fileSdConfigs' | 'httpSdConfigs' | 'staticConfigs'>,
): [string, YamlNode | undefined][] {
  return [
    ['file_sd_configs', list(c.fileSdConfigs, fileSd)],
    ['http_sd_configs', list(c.httpSdConfigs, httpSd)],
    ['static_configs', list(c.staticConfigs, staticGroup)],
  ]
}

function global(g: GlobalConfig): YamlMap {
  return yamlMap([
    ['scrape_interval', formatDuration(g.scrapeIntervalMs)],
    ['scrape_timeout', formatDuration(g.scrapeTimeoutMs)],
    ['evaluation_interval', formatDuration(g.evaluationIntervalMs)],
    ['query_log_file', nonEmpty(g.queryLogFile)],
    ['external_labels', record(g.externalLabels)],
  ])
}

function scrape(s: ScrapeConfig): YamlMap {
  const params = Object.keys(s.params).length === 0 ? undefined : sortedMap(s.params)
  return yamlMap([
    ['job_name', s.jobName],
    ['honor_labels', onlyTrue(s.honorLabels)],
    ['honor_timestamps', s.honorTimestamps],
    ['params', params],
    ['scrape_interval', formatDuration(s.scrapeIntervalMs)],
    ['scrape_timeout', formatDuration(s.scrapeTimeoutMs)],
    ['metrics_path', nonEmpty(s.metricsPath)],
    ['scheme', nonEmpty(s.scheme)],
    ['body_size_limit', s.bodySizeLimitBytes > 0 ? formatBase2Bytes(s.bodySizeLimitBytes) : undefined],
    ['sample_limit', positive(s.sampleLimit)],
    ['target_limit', positive(s.targetLimit)],
    ['label_limit', positive(s.labelLimit)],
    ['label_name_length_limit', positive(s.labelNameLengthLimit)],
    ['label_value_length_limit', positive(s.labelValueLengthLimit)],
    ...httpClient(s.httpClient),
    ['relabel_configs', relabels(s.relabelConfigs)],
    ['metric_relabel_configs', relabels(s.metricRelabelConfigs)],
    ...discovery(s),
  ])
}

function alertmanager(a: AlertmanagerConfig): YamlMap {
  return yamlMap([
    ...httpClient(a.httpClient),
    ['scheme', nonEmpty(a.scheme)],
    ['path_prefix', nonEmpty(a.pathPrefix)],
    ['timeout', formatDuration(a.timeoutMs)],
    ['api_version', nonEmpty(a.apiVersion)],
    ['relabel_configs', relabels(a.relabelConfigs)],
    ...discovery(a),
  ])
}

/** A tuning value kept as written, or Prometheus's default; durations were parsed to milliseconds. */
function tuning(
  written: Readonly<Record<string, number | string | boolean>>,
  key: string,
  fallback: number | boolean,
  isDuration = false,
): YamlNode {
  const value = written[key] ?? fallback
  return isDuration && typeof value === 'number' ? formatDuration(value) : value
}

function remoteWrite(w: RemoteWriteConfig): YamlMap {
  const q = w.queueConfig
  const m = w.metadataConfig
  return yamlMap([
    ['url', redactUrlPassword(w.url)],
    ['remote_timeout', formatDuration(w.remoteTimeoutMs)],
    ['headers', record(w.headers)],
    ['write_relabel_configs', relabels(w.writeRelabelConfigs)],
    ['name', nonEmpty(w.name)],
    ['send_exemplars', onlyTrue(w.sendExemplars)],
    ['send_native_histograms', onlyTrue(w.sendNativeHistograms)],
    ...httpClient(w.httpClient),
    [
      'queue_config',
      yamlMap([
        ['capacity', tuning(q, 'capacity', 2500)],
        ['max_shards', tuning(q, 'max_shards', 200)],
        ['min_shards', tuning(q, 'min_shards', 1)],
        ['max_samples_per_send', tuning(q, 'max_samples_per_send', 500)],
        ['batch_send_deadline', tuning(q, 'batch_send_deadline', 5000, true)],
        ['min_backoff', tuning(q, 'min_backoff', 30, true)],
        ['max_backoff', tuning(q, 'max_backoff', 5000, true)],
        [
          'retry_on_http_429',
          (q as Readonly<Record<string, unknown>>).retry_on_http_429 === true ? true : undefined,
        ],
      ]),
    ],
    [
      'metadata_config',
      yamlMap([
        ['send', tuning(m, 'send', true)],
        ['send_interval', tuning(m, 'send_interval', 60_000, true)],
        ['max_samples_per_send', tuning(m, 'max_samples_per_send', 500)],
      ]),
    ],
  ])
}

function remoteRead(r: RemoteReadConfig): YamlMap {
  return yamlMap([
    ['url', redactUrlPassword(r.url)],
    ['remote_timeout', formatDuration(r.remoteTimeoutMs)],
    ['headers', record(r.headers)],
    ['read_recent', onlyTrue(r.readRecent)],
    ['name', nonEmpty(r.name)],
    ...httpClient(r.httpClient),
    ['required_matchers', record(r.requiredMatchers)],
    ['filter_external_labels', onlyTrue(r.filterExternalLabels)],
  ])
}

function storage(c: Config): YamlMap | undefined {
  const windowMs = c.storage?.tsdb.outOfOrderTimeWindowMs ?? 0
  if (windowMs === 0) return undefined
  // 2.42's TSDBConfig has an untagged int64 field that go-yaml prints under its lowercased Go name.
  return yamlMap([
    [
      'tsdb',
      yamlMap([
        ['outofordertimewindow', windowMs],
        ['out_of_order_time_window', formatDuration(windowMs)],
      ]),
    ],
  ])
}

/**
 * The configuration as Prometheus 2.42 prints it on /api/v1/status/config: re-marshalled with every
 * default filled in, fields in Go's declaration order, durations like `1m`, secrets as `<secret>`
 * and URL passwords as `xxxxx`.
 */
export function marshalConfig(c: Config): string {
  const alerting = c.alerting
  const hasAlerting = alerting.alertRelabelConfigs.length > 0 || alerting.alertmanagers.length > 0
  return emitYaml(
    yamlMap([
      ['global', global(c.global)],
      [
        'alerting',
        hasAlerting
          ? yamlMap([
              ['alert_relabel_configs', relabels(alerting.alertRelabelConfigs)],
              ['alertmanagers', list(alerting.alertmanagers, alertmanager)],
            ])
          : undefined,
      ],
      ['rule_files', list(c.ruleFiles, (f) => f)],
      ['scrape_configs', list(c.scrapeConfigs, scrape)],
      ['storage', storage(c)],
      ['remote_write', list(c.remoteWrite, remoteWrite)],
      ['remote_read', list(c.remoteRead ?? [], remoteRead)],
    ]),
  )
}
