import { isLegacyLabelName } from '@watchfire/model'
import type { GlobalConfig } from './config-types.js'
import type { YamlField } from './yaml-field.js'

/** Prometheus's defaults for the `global` section. */
export const DEFAULT_GLOBAL: Readonly<GlobalConfig> = {
  scrapeIntervalMs: 60_000,
  scrapeTimeoutMs: 10_000,
  evaluationIntervalMs: 60_000,
  queryLogFile: '',
  externalLabels: {},
}

/** Reads `global`, applying Prometheus's defaults and checks. */
export function parseGlobalConfig(field: YamlField | undefined): GlobalConfig {
  if (field === undefined || field.isNull) return { ...DEFAULT_GLOBAL, externalLabels: {} }
  const f = field.mapping('config.plain', [
    'scrape_interval',
    'scrape_timeout',
    'evaluation_interval',
    'query_log_file',
    'external_labels',
  ])
  const externalLabels: Record<string, string> = {}
  for (const [name, value] of f.get('external_labels')?.stringMap('labels.Labels') ?? []) {
    if (!isLegacyLabelName(name))
      f.get('external_labels')?.fail(`${JSON.stringify(name)} is not a valid label name`)
    if (!value.isWellFormed())
      f.get('external_labels')?.fail(`${JSON.stringify(value)} is not a valid label value`)
    if (value !== '') externalLabels[name] = value
  }
  const scrapeIntervalMs = f.get('scrape_interval')?.duration() || DEFAULT_GLOBAL.scrapeIntervalMs
  let scrapeTimeoutMs = f.get('scrape_timeout')?.duration() || 0
  if (scrapeTimeoutMs > scrapeIntervalMs) field.fail('global scrape timeout greater than scrape interval')
  if (scrapeTimeoutMs === 0) scrapeTimeoutMs = Math.min(DEFAULT_GLOBAL.scrapeTimeoutMs, scrapeIntervalMs)
  return {
    scrapeIntervalMs,
    scrapeTimeoutMs,
    evaluationIntervalMs: f.get('evaluation_interval')?.duration() || DEFAULT_GLOBAL.evaluationIntervalMs,
    queryLogFile: f.get('query_log_file')?.string() ?? '',
    externalLabels,
  }
}
