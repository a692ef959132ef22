import type { GlobalConfig, ScrapeConfig, ScrapeProtocol } from './config-types.js'
import { parseByteSize } from './byte-size.js'
import { HTTP_CLIENT_KEYS, parseHttpClientConfig } from './http-client-config.js'
import { parseRelabelConfigs } from './relabel-configs.js'
import { parseSdConfigs, SD_KEYS } from './sd-configs.js'
import type { YamlField } from './yaml-field.js'

const SCRAPE_KEYS = [
  'job_name',
  'honor_labels',
  'honor_timestamps',
  'params',
  'scrape_interval',
  'scrape_timeout',
  'metrics_path',
  'scheme',
  'body_size_limit',
  'sample_limit',
  'target_limit',
  'label_limit',
  'label_name_length_limit',
  'label_value_length_limit',
  'scrape_protocols',
  'relabel_configs',
  'metric_relabel_configs',
  ...HTTP_CLIENT_KEYS,
  ...SD_KEYS,
]

const PROTOCOLS: ReadonlySet<string> = new Set<ScrapeProtocol>([
  'PrometheusProto',
  'OpenMetricsText1.0.0',
  'OpenMetricsText0.0.1',
  'PrometheusText0.0.4',
  'PrometheusText1.0.0',
])

function parseProtocols(field: YamlField | undefined): ScrapeProtocol[] | undefined {
  if (field === undefined || field.isNull) return undefined
  const list = field.stringList()
  if (list.length === 0) field.fail('scrape_protocols cannot be empty')
  const seen = new Set<string>()
  for (const p of list) {
    if (!PROTOCOLS.has(p)) field.fail(`unknown scrape protocol ${p}, supported: ${[...PROTOCOLS].join(', ')}`)
    if (seen.has(p)) field.fail(`duplicated protocol in scrape_protocols, got [${list.join(' ')}]`)
    seen.add(p)
  }
  return list as ScrapeProtocol[]
}

/** Reads one `scrape_configs` entry, filling in defaults from `global` as Prometheus does. */
export function parseScrapeConfig(field: YamlField, global: GlobalConfig): ScrapeConfig {
  if (field.isNull) field.fail('empty or null scrape config section')
  const f = field.mapping('config.ScrapeConfig', SCRAPE_KEYS)
  const jobName = f.get('job_name')?.string() ?? ''
  if (jobName === '') field.fail('job_name is empty')
  const params: Record<string, string[]> = {}
  for (const [name, values] of f.get('params')?.entries('url.Values') ?? [])
    params[name] = values.stringList()
  const scrapeIntervalMs = f.get('scrape_interval')?.duration() || global.scrapeIntervalMs
  let scrapeTimeoutMs = f.get('scrape_timeout')?.duration() || 0
  if (scrapeTimeoutMs === 0) scrapeTimeoutMs = Math.min(global.scrapeTimeoutMs, scrapeIntervalMs)
  if (scrapeTimeoutMs > scrapeIntervalMs)
    field.fail(
      `scrape timeout greater than scrape interval for scrape config with job name ${JSON.stringify(jobName)}`,
    )
  const httpClient = parseHttpClientConfig(f, field)
  return {
    jobName,
    honorLabels: f.get('honor_labels')?.bool() ?? false,
    honorTimestamps: f.get('honor_timestamps')?.bool() ?? true,
    params,
    scrapeIntervalMs,
    scrapeTimeoutMs,
    metricsPath: f.get('metrics_path')?.string() || '/metrics',
    scheme: f.get('scheme')?.string() || 'http',
    bodySizeLimitBytes: f.get('body_size_limit')?.parsed(parseByteSize) ?? 0,
    sampleLimit: f.get('sample_limit')?.uint() ?? 0,
    targetLimit: f.get('target_limit')?.uint() ?? 0,
    labelLimit: f.get('label_limit')?.uint() ?? 0,
    labelNameLengthLimit: f.get('label_name_length_limit')?.uint() ?? 0,
    labelValueLengthLimit: f.get('label_value_length_limit')?.uint() ?? 0,
    scrapeProtocols: parseProtocols(f.get('scrape_protocols')),
    httpClient,
    ...parseSdConfigs(f),
    relabelConfigs: parseRelabelConfigs(
      f.get('relabel_configs'),
      'empty or null target relabeling rule in scrape config',
    ),
    metricRelabelConfigs: parseRelabelConfigs(
      f.get('metric_relabel_configs'),
      'empty or null metric relabeling rule in scrape config',
    ),
  }
}
