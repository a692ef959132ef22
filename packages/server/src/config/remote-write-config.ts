import type { RemoteWriteConfig } from './config-types.js'
import { HTTP_CLIENT_KEYS, parseHttpClientConfig } from './http-client-config.js'
import { parseRelabelConfigs } from './relabel-configs.js'
import { parseRemoteHeaders } from './remote-headers.js'
import type { YamlField } from './yaml-field.js'

const QUEUE_DURATIONS = new Set(['batch_send_deadline', 'min_backoff', 'max_backoff'])
const QUEUE_NUMBERS = ['capacity', 'max_shards', 'min_shards', 'max_samples_per_send']

function readTuning(
  field: YamlField | undefined,
  typeName: string,
  numbers: readonly string[],
  durations: ReadonlySet<string>,
  bools: readonly string[],
): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = {}
  if (field === undefined) return out
  for (const [key, value] of field.mapping(typeName, [...numbers, ...durations, ...bools])) {
    if (numbers.includes(key)) out[key] = value.uint()
    else if (durations.has(key)) out[key] = value.duration()
    else out[key] = value.bool()
  }
  return out
}

/** Reads one `remote_write` entry (used by the remote writer, which is not part of this package yet). */
export function parseRemoteWriteConfig(field: YamlField): RemoteWriteConfig {
  if (field.isNull) field.fail('empty or null remote write config section')
  const f = field.mapping('config.RemoteWriteConfig', [
    'url',
    'remote_timeout',
    'headers',
    'write_relabel_configs',
    'name',
    'send_exemplars',
    'send_native_histograms',
    'sigv4',
    'queue_config',
    'metadata_config',
    ...HTTP_CLIENT_KEYS,
  ])
  const url = f.get('url')?.string() ?? ''
  if (url === '') field.fail('url for remote_write is empty')
  const headers = parseRemoteHeaders(field, f.get('headers'))
  return {
    url,
    name: f.get('name')?.string() ?? '',
    remoteTimeoutMs: f.get('remote_timeout')?.duration() || 30_000,
    headers,
    writeRelabelConfigs: parseRelabelConfigs(
      f.get('write_relabel_configs'),
      'empty or null relabeling rule in remote write config',
    ),
    sendExemplars: f.get('send_exemplars')?.bool() ?? false,
    sendNativeHistograms: f.get('send_native_histograms')?.bool() ?? false,
    httpClient: parseHttpClientConfig(f, field),
    queueConfig: readTuning(f.get('queue_config'), 'config.QueueConfig', QUEUE_NUMBERS, QUEUE_DURATIONS, [
      'retry_on_http_429',
    ]) as Record<string, number | string>,
    metadataConfig: readTuning(
      f.get('metadata_config'),
      'config.MetadataConfig',
      ['max_samples_per_send'],
      new Set(['send_interval']),
      ['send'],
    ),
  }
}
