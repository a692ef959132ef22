import { readFile } from 'node:fs/promises'
import { dirname, isAbsolute, join } from 'node:path'
import { parseYamlV2 } from '@watchfire/web-config'
import { parseAlertingConfig } from './alerting-config.js'
import { ConfigError } from './config-error.js'
import type { Config, HttpClientConfig, TlsConfig } from './config-types.js'
import { parseGlobalConfig } from './global-config.js'
import { parseRemoteReadConfigs } from './remote-read-config.js'
import { parseRemoteWriteConfig } from './remote-write-config.js'
import { parseScrapeConfig } from './scrape-config.js'
import { parseStorageConfig } from './storage-config.js'
import { YamlField } from './yaml-field.js'

const TOP_LEVEL_KEYS = [
  'global',
  'alerting',
  'rule_files',
  'scrape_configs',
  'storage',
  'tracing',
  'remote_write',
  'remote_read',
]

const RULE_PATH = /^[^*]*(\*[^/]*)?$/

function parseDocumentStrict(text: string): YamlField {
  // Repeated keys are reported by YamlField, in Go's words.
  const { contents, lines } = parseYamlV2(text, (message) => new ConfigError(message))
  return new YamlField(contents, '', lines)
}

/**
 * Parses prometheus.yml text into a Config with Prometheus's defaults, rejecting what Prometheus
 * 2.42 rejects with a message naming the field. Relative paths stay as written; see {@link loadConfigFile}.
 */
export function parseConfig(text: string): Config {
  const root = parseDocumentStrict(text)
  const f = root.mapping('config.plain', TOP_LEVEL_KEYS)
  const global = parseGlobalConfig(f.get('global'))
  const ruleFiles = f.get('rule_files')?.stringList() ?? []
  for (const file of ruleFiles) {
    if (!RULE_PATH.test(file)) f.get('rule_files')?.fail(`invalid rule file path ${JSON.stringify(file)}`)
  }
  const scrapeConfigs = (f.get('scrape_configs')?.list('[]*config.ScrapeConfig') ?? []).map((item) =>
    parseScrapeConfig(item, global),
  )
  const jobs = new Set<string>()
  for (const sc of scrapeConfigs) {
    if (jobs.has(sc.jobName))
      f.get('scrape_configs')?.fail(
        `found multiple scrape configs with job name ${JSON.stringify(sc.jobName)}`,
      )
    jobs.add(sc.jobName)
  }
  const remoteWrite = (f.get('remote_write')?.list('[]*config.RemoteWriteConfig') ?? []).map(
    parseRemoteWriteConfig,
  )
  const names = new Set<string>()
  for (const rw of remoteWrite) {
    if (rw.name === '') continue
    if (names.has(rw.name))
      f.get('remote_write')?.fail(
        `found multiple remote write configs with job name ${JSON.stringify(rw.name)}`,
      )
    names.add(rw.name)
  }
  // Sections Watchfire does not use yet are checked for shape only.
  f.get('tracing')?.entries('config.TracingConfig')
  return {
    global,
    ruleFiles,
    scrapeConfigs,
    alerting: parseAlertingConfig(f.get('alerting')),
    remoteWrite,
    remoteRead: parseRemoteReadConfigs(f.get('remote_read')),
    storage: parseStorageConfig(f.get('storage')),
    warnings: [],
  }
}

function resolveFrom(dir: string, path: string): string {
  return path === '' || isAbsolute(path) ? path : join(dir, path)
}

function resolveTls(dir: string, tls: TlsConfig): void {
  tls.caFile = resolveFrom(dir, tls.caFile)
  tls.certFile = resolveFrom(dir, tls.certFile)
  tls.keyFile = resolveFrom(dir, tls.keyFile)
}

function resolveClient(dir: string, client: HttpClientConfig): void {
  client.bearerTokenFile = resolveFrom(dir, client.bearerTokenFile)
  if (client.authorization)
    client.authorization.credentialsFile = resolveFrom(dir, client.authorization.credentialsFile)
  if (client.basicAuth) client.basicAuth.passwordFile = resolveFrom(dir, client.basicAuth.passwordFile)
  if (client.oauth2) {
    client.oauth2.clientSecretFile = resolveFrom(dir, client.oauth2.clientSecretFile)
    resolveTls(dir, client.oauth2.tlsConfig)
  }
  resolveTls(dir, client.tlsConfig)
}

/**
 * Reads and parses a configuration file; relative paths in it (rule files, file SD, and the files
 * of every HTTP client: scrapes, HTTP SD, Alertmanagers, remote write and read) are resolved
 * against its directory, as Prometheus does.
 */
export async function loadConfigFile(path: string): Promise<Config> {
  const text = await readFile(path, 'utf8')
  const config = parseConfig(text)
  const dir = dirname(path)
  config.ruleFiles = config.ruleFiles.map((file) => resolveFrom(dir, file))
  const withSd = [...config.scrapeConfigs, ...config.alerting.alertmanagers]
  for (const sc of withSd) {
    for (const fileSd of sc.fileSdConfigs) fileSd.files = fileSd.files.map((file) => resolveFrom(dir, file))
    resolveClient(dir, sc.httpClient)
    for (const httpSd of sc.httpSdConfigs) resolveClient(dir, httpSd.httpClient)
  }
  for (const remote of [...config.remoteWrite, ...(config.remoteRead ?? [])])
    resolveClient(dir, remote.httpClient)
  return config
}
