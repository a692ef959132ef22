import type { RelabelConfig } from '@watchfire/model'
import type { HttpClientConfig } from '@watchfire/http-client'
import type { StorageConfig } from './storage-config.js'

export type { HttpClientConfig, OAuth2Config, TlsConfig } from '@watchfire/http-client'

/** A set of targets sharing labels, as static_configs, file SD and HTTP SD describe them. */
export interface TargetGroupConfig {
  targets: string[]
  labels: Record<string, string>
}

/** file_sd_configs: JSON or YAML files of target groups, re-read on change and every refresh interval. */
export interface FileSdConfig {
  files: string[]
  refreshIntervalMs: number
}

/** http_sd_configs: an endpoint returning a JSON list of target groups. */
export interface HttpSdConfig {
  url: string
  refreshIntervalMs: number
  httpClient: HttpClientConfig
}

/** The exposition formats a scrape can ask for, by Prometheus's names. */
export type ScrapeProtocol =
  | 'PrometheusProto'
  | 'OpenMetricsText1.0.0'
  | 'OpenMetricsText0.0.1'
  | 'PrometheusText0.0.4'
  | 'PrometheusText1.0.0'

/** One scrape job. Durations are milliseconds; limits of 0 mean "no limit". */
export interface ScrapeConfig {
  jobName: string
  honorLabels: boolean
  honorTimestamps: boolean
  params: Record<string, string[]>
  scrapeIntervalMs: number
  scrapeTimeoutMs: number
  metricsPath: string
  scheme: string
  bodySizeLimitBytes: number
  sampleLimit: number
  targetLimit: number
  labelLimit: number
  labelNameLengthLimit: number
  labelValueLengthLimit: number
  /** Explicit protocol preference; undefined means the default negotiation. */
  scrapeProtocols: ScrapeProtocol[] | undefined
  httpClient: HttpClientConfig
  staticConfigs: TargetGroupConfig[]
  fileSdConfigs: FileSdConfig[]
  httpSdConfigs: HttpSdConfig[]
  relabelConfigs: RelabelConfig[]
  metricRelabelConfigs: RelabelConfig[]
}

/** The `global` section. */
export interface GlobalConfig {
  scrapeIntervalMs: number
  scrapeTimeoutMs: number
  evaluationIntervalMs: number
  queryLogFile: string
  externalLabels: Record<string, string>
}

/** One Alertmanager set under `alerting.alertmanagers` (parsed now, used by the notifier later). */
export interface AlertmanagerConfig {
  scheme: string
  pathPrefix: string
  timeoutMs: number
  apiVersion: string
  httpClient: HttpClientConfig
  staticConfigs: TargetGroupConfig[]
  fileSdConfigs: FileSdConfig[]
  httpSdConfigs: HttpSdConfig[]
  relabelConfigs: RelabelConfig[]
}

/** One `remote_write` endpoint (parsed now, used by the remote writer later). */
export interface RemoteWriteConfig {
  url: string
  name: string
  remoteTimeoutMs: number
  headers: Record<string, string>
  writeRelabelConfigs: RelabelConfig[]
  sendExemplars: boolean
  sendNativeHistograms: boolean
  httpClient: HttpClientConfig
  /** Queue and metadata tuning kept as written; validated for types only. */
  queueConfig: Record<string, number | string>
  metadataConfig: Record<string, number | string | boolean>
}

/** One `remote_read` endpoint. */
export interface RemoteReadConfig {
  url: string
  name: string
  remoteTimeoutMs: number
  headers: Record<string, string>
  /** Also query the remote for ranges the local storage holds completely. */
  readRecent: boolean
  /** Equality matchers a query must carry for this remote to be asked at all. */
  requiredMatchers: Record<string, string>
  /** Send the external labels as equality matchers (and strip them from results). */
  filterExternalLabels: boolean
  httpClient: HttpClientConfig
}

/** A whole prometheus.yml with Prometheus's defaults filled in. */
export interface Config {
  global: GlobalConfig
  ruleFiles: string[]
  scrapeConfigs: ScrapeConfig[]
  alerting: { alertRelabelConfigs: RelabelConfig[]; alertmanagers: AlertmanagerConfig[] }
  remoteWrite: RemoteWriteConfig[]
  /** `remote_read` endpoints; absent in configurations built by hand before it existed. */
  remoteRead?: RemoteReadConfig[]
  /** The `storage` section; absent in configurations built by hand before it existed. */
  storage?: StorageConfig
  /** Messages that do not make the file invalid (promtool prints them as warnings). */
  warnings: string[]
}
