import type { RemoteReadConfig } from './config-types.js'
import { HTTP_CLIENT_KEYS, parseHttpClientConfig } from './http-client-config.js'
import { parseRemoteHeaders } from './remote-headers.js'
import type { YamlField } from './yaml-field.js'

/** Reads one `remote_read` entry with Prometheus's defaults (1m timeout, filter_external_labels on). */
export function parseRemoteReadConfig(field: YamlField): RemoteReadConfig {
  if (field.isNull) field.fail('empty or null remote read config section')
  const f = field.mapping('config.RemoteReadConfig', [
    'url',
    'remote_timeout',
    'headers',
    'read_recent',
    'name',
    'required_matchers',
    'filter_external_labels',
    ...HTTP_CLIENT_KEYS,
  ])
  const url = f.get('url')?.string() ?? ''
  if (url === '') field.fail('url for remote_read is empty')
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(url))
    f.get('url')?.fail(`parse ${JSON.stringify(url)}: invalid URL`)
  const headers = parseRemoteHeaders(field, f.get('headers'))
  const requiredMatchers: Record<string, string> = {}
  for (const [name, value] of f.get('required_matchers')?.stringMap('model.LabelSet') ?? [])
    requiredMatchers[name] = value
  return {
    url,
    name: f.get('name')?.string() ?? '',
    remoteTimeoutMs: f.get('remote_timeout')?.duration() || 60_000,
    headers,
    readRecent: f.get('read_recent')?.bool() ?? false,
    requiredMatchers,
    filterExternalLabels: f.get('filter_external_labels')?.bool() ?? true,
    httpClient: parseHttpClientConfig(f, field),
  }
}

/** Reads the `remote_read` list; names must be unique, as Prometheus requires. */
export function parseRemoteReadConfigs(field: YamlField | undefined): RemoteReadConfig[] {
  const configs = (field?.list('[]*config.RemoteReadConfig') ?? []).map(parseRemoteReadConfig)
  const names = new Set<string>()
  for (const rr of configs) {
    if (rr.name === '') continue
    if (names.has(rr.name))
      field?.fail(`found multiple remote read configs with job name ${JSON.stringify(rr.name)}`)
    names.add(rr.name)
  }
  return configs
}
