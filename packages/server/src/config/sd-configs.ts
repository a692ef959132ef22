import { isLegacyLabelName } from '@watchfire/model'
import type { FileSdConfig, HttpSdConfig, TargetGroupConfig } from './config-types.js'
import { HTTP_CLIENT_KEYS, parseHttpClientConfig } from './http-client-config.js'
import type { YamlField } from './yaml-field.js'

/** Keys of the service discovery sections Watchfire reads, inlined into scrape and Alertmanager configs. */
export const SD_KEYS = ['static_configs', 'file_sd_configs', 'http_sd_configs'] as const

const FILE_SD_PATTERN = /^[^*]*(\*[^/]*)?\.(json|yml|yaml|JSON|YML|YAML)$/
const DEFAULT_FILE_SD_REFRESH_MS = 5 * 60_000
const DEFAULT_HTTP_SD_REFRESH_MS = 60_000

/** Checks a target group's labels and targets as Prometheus does when it reads one. */
export function validateTargetGroup(group: TargetGroupConfig, field: YamlField): void {
  for (const target of group.targets) {
    if (target.includes('/')) field.fail(`${JSON.stringify(target)} is not a valid hostname`)
  }
  for (const name of Object.keys(group.labels)) {
    if (!isLegacyLabelName(name)) field.fail(`${JSON.stringify(name)} is not a valid label name`)
  }
}

function parseStatic(field: YamlField): TargetGroupConfig {
  const f = field.mapping('targetgroup.plain', ['targets', 'labels'])
  const labels: Record<string, string> = {}
  for (const [name, value] of f.get('labels')?.stringMap('model.LabelSet') ?? []) labels[name] = value
  const group = { targets: f.get('targets')?.stringList() ?? [], labels }
  validateTargetGroup(group, field)
  return group
}

function parseFileSd(field: YamlField): FileSdConfig {
  const f = field.mapping('file.SDConfig', ['files', 'refresh_interval'])
  const files = f.get('files')?.stringList() ?? []
  if (files.length === 0) field.fail('file service discovery config must contain at least one path name')
  for (const file of files) {
    if (!FILE_SD_PATTERN.test(file))
      field.fail(`path name ${JSON.stringify(file)} is not valid for file discovery`)
  }
  return { files, refreshIntervalMs: f.get('refresh_interval')?.duration() ?? DEFAULT_FILE_SD_REFRESH_MS }
}

function parseHttpSd(field: YamlField): HttpSdConfig {
  // 2.42 names the type this way in its unknown-field errors.
  const f = field.mapping('http.plain', ['url', 'refresh_interval', ...HTTP_CLIENT_KEYS])
  const url = f.get('url')?.string() ?? ''
  if (url === '') field.fail('URL is missing')
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return field.fail(`parse ${JSON.stringify(url)}: invalid URL`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    field.fail("URL scheme must be 'http' or 'https'")
  if (parsed.host === '') field.fail('host is missing in URL')
  return {
    url,
    refreshIntervalMs: f.get('refresh_interval')?.duration() ?? DEFAULT_HTTP_SD_REFRESH_MS,
    httpClient: parseHttpClientConfig(f, field, { validate: false }),
  }
}

/** The discovery sections found in `fields` (a scrape or Alertmanager config). */
export function parseSdConfigs(fields: Map<string, YamlField>): {
  staticConfigs: TargetGroupConfig[]
  fileSdConfigs: FileSdConfig[]
  httpSdConfigs: HttpSdConfig[]
} {
  const nonNull = (list: YamlField[], what: string): YamlField[] => {
    for (const item of list) if (item.isNull) item.fail(`empty or null section in ${what}`)
    return list
  }
  return {
    staticConfigs: nonNull(
      fields.get('static_configs')?.list('[]*targetgroup.Group') ?? [],
      'static_configs',
    ).map(parseStatic),
    fileSdConfigs: nonNull(
      fields.get('file_sd_configs')?.list('[]*file.SDConfig') ?? [],
      'file_sd_configs',
    ).map(parseFileSd),
    httpSdConfigs: nonNull(
      fields.get('http_sd_configs')?.list('[]*http.SDConfig') ?? [],
      'http_sd_configs',
    ).map(parseHttpSd),
  }
}
