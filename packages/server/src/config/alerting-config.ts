import type { AlertmanagerConfig, Config } from './config-types.js'
import { parseDuration } from './duration.js'
import { HTTP_CLIENT_KEYS, parseHttpClientConfig } from './http-client-config.js'
import { parseRelabelConfigs } from './relabel-configs.js'
import { parseSdConfigs, SD_KEYS } from './sd-configs.js'
import type { YamlField } from './yaml-field.js'

const API_VERSIONS = ['v1', 'v2']

function parseAlertmanager(field: YamlField): AlertmanagerConfig {
  if (field.isNull) field.fail('empty or null Alertmanager target configuration')
  const f = field.mapping('config.AlertmanagerConfig', [
    'timeout',
    'api_version',
    'path_prefix',
    'scheme',
    'relabel_configs',
    'sigv4',
    ...HTTP_CLIENT_KEYS,
    ...SD_KEYS,
  ])
  const apiVersion = f.get('api_version')?.string() || 'v2'
  if (!API_VERSIONS.includes(apiVersion))
    field.fail(
      `expected Alertmanager api version to be one of [${API_VERSIONS.join(' ')}] but got ${apiVersion}`,
    )
  return {
    scheme: f.get('scheme')?.string() || 'http',
    pathPrefix: f.get('path_prefix')?.string() ?? '',
    timeoutMs: f.get('timeout')?.duration() || parseDuration('10s'),
    apiVersion,
    httpClient: parseHttpClientConfig(f, field),
    ...parseSdConfigs(f),
    relabelConfigs: parseRelabelConfigs(
      f.get('relabel_configs'),
      'empty or null Alertmanager target relabeling rule',
    ),
  }
}

/** Reads the `alerting` section (used by the notifier, which is not part of this package yet). */
export function parseAlertingConfig(field: YamlField | undefined): Config['alerting'] {
  if (field === undefined || field.isNull) return { alertRelabelConfigs: [], alertmanagers: [] }
  const f = field.mapping('config.AlertingConfig', ['alert_relabel_configs', 'alertmanagers'])
  return {
    alertRelabelConfigs: parseRelabelConfigs(
      f.get('alert_relabel_configs'),
      'empty or null alert relabeling rule',
    ),
    alertmanagers: (f.get('alertmanagers')?.list('[]*config.AlertmanagerConfig') ?? []).map(
      parseAlertmanager,
    ),
  }
}
