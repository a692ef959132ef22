import { Labels, relabel } from '@watchfire/model'
import type { ScrapeConfig } from '../config/config-types.js'
import { formatDuration, parseDuration } from '../config/duration.js'
import type { TargetGroup } from '../discovery/target-group.js'

/** Health of a target as the targets page shows it. */
export type TargetHealth = 'unknown' | 'up' | 'down'

/** One scrape target: its labels after relabelling and where and how often to scrape it. */
export class Target {
  /** All labels after relabelling, including `__address__`, `__scheme__`, `__param_*`, …. */
  readonly labels: Labels
  /** Labels before relabelling (for the targets page's "discovered labels"). */
  readonly discoveredLabels: Labels
  /** The labels every scraped series gets: those not starting with `__`. */
  readonly seriesLabels: Labels
  readonly url: string
  readonly intervalMs: number
  readonly timeoutMs: number
  health: TargetHealth = 'unknown'
  lastError = ''
  lastScrapeMs = 0
  lastScrapeDurationMs = 0

  constructor(labels: Labels, discoveredLabels: Labels, params: Readonly<Record<string, string[]>>) {
    this.labels = labels
    this.discoveredLabels = discoveredLabels
    const publicFlat: string[] = []
    labels.forEach((name, value) => {
      if (!name.startsWith('__')) publicFlat.push(name, value)
    })
    this.seriesLabels = Labels.fromSortedFlat(publicFlat)
    this.intervalMs = parseDuration(labels.get('__scrape_interval__'))
    this.timeoutMs = parseDuration(labels.get('__scrape_timeout__'))
    const query = new URLSearchParams()
    const names = new Set(Object.keys(params))
    labels.forEach((name) => {
      if (name.startsWith('__param_')) names.add(name.slice('__param_'.length))
    })
    for (const name of names) {
      const fromLabel = labels.get(`__param_${name}`)
      const values = params[name] ?? []
      // A __param_ label overrides the first configured value, as Prometheus does.
      const all = fromLabel !== '' ? [fromLabel, ...values.slice(1)] : values
      for (const value of all) query.append(name, value)
    }
    const search = query.toString()
    this.url = `${labels.get('__scheme__')}://${labels.get('__address__')}${labels.get('__metrics_path__')}${search === '' ? '' : `?${search}`}`
  }

  /** A stable identity: equal labels and URL mean the same target across discovery updates. */
  get key(): string {
    return `${this.labels.toString()}|${this.url}`
  }
}

/** Why a discovered target cannot be scraped (shown on the targets page as dropped). */
export interface TargetError {
  discoveredLabels: Labels
  error: string
}

function addDefaultPort(address: string, scheme: string): string {
  // Prometheus 2.x adds the scheme's port when the address has none (3.x no longer does).
  if (/:\d*$/.test(address) && !/^\[[^\]]*\]$/.test(address)) return address
  if (scheme === 'http' || scheme === '') return `${address}:80`
  if (scheme === 'https') return `${address}:443`
  return address
}

/**
 * Builds the target for one discovered label set as Prometheus's PopulateLabels does: defaults for
 * job, scheme, path, interval, timeout and params; relabel_configs; address checks; `__meta_*`
 * removed; `instance` defaulting to the address. Returns undefined when relabelling drops it.
 */
export function populateTarget(
  discovered: Record<string, string>,
  config: ScrapeConfig,
): Target | TargetError | undefined {
  const base: Record<string, string> = { ...discovered }
  const defaults: Record<string, string> = {
    job: config.jobName,
    __scrape_interval__: formatDuration(config.scrapeIntervalMs),
    __scrape_timeout__: formatDuration(config.scrapeTimeoutMs),
    __metrics_path__: config.metricsPath,
    __scheme__: config.scheme,
  }
  for (const [name, value] of Object.entries(defaults)) if (!base[name]) base[name] = value
  for (const [name, values] of Object.entries(config.params)) {
    const label = `__param_${name}`
    if (!base[label] && values[0] !== undefined) base[label] = values[0]
  }
  const discoveredLabels = Labels.fromRecord(base)
  const fail = (error: string): TargetError => ({ discoveredLabels, error })
  const relabelled = relabel(discoveredLabels, config.relabelConfigs)
  if (relabelled === undefined) return undefined
  const address = relabelled.get('__address__')
  if (address === '') return fail('no address')
  const withPort = addDefaultPort(address, relabelled.get('__scheme__'))
  if (withPort.includes('/')) return fail(`invalid address ${JSON.stringify(withPort)}`)
  let intervalMs: number
  let timeoutMs: number
  try {
    intervalMs = parseDuration(relabelled.get('__scrape_interval__'))
    timeoutMs = parseDuration(relabelled.get('__scrape_timeout__'))
  } catch (err) {
    return fail(`error parsing scrape interval or timeout: ${(err as Error).message}`)
  }
  if (intervalMs === 0) return fail('scrape interval cannot be 0')
  if (timeoutMs === 0) return fail('scrape timeout cannot be 0')
  if (timeoutMs > intervalMs) return fail(`scrape timeout cannot be greater than scrape interval`)
  const record: Record<string, string> = {}
  relabelled.forEach((name, value) => {
    if (!name.startsWith('__meta_')) record[name] = value
  })
  record.__address__ = withPort
  if (!record.instance) record.instance = withPort
  for (const [name, value] of Object.entries(record)) {
    if (!value.isWellFormed())
      return fail(`invalid label value for ${JSON.stringify(name)}: ${JSON.stringify(value)}`)
  }
  return new Target(Labels.fromRecord(record), discoveredLabels, config.params)
}

/** Every target of a job's groups, in group order; label sets relabelling drops are skipped. */
export function targetsFromGroups(
  groups: readonly TargetGroup[],
  config: ScrapeConfig,
): { targets: Target[]; dropped: TargetError[] } {
  const targets: Target[] = []
  const dropped: TargetError[] = []
  for (const group of groups) {
    for (const target of group.targets) {
      const result = populateTarget({ ...group.labels, ...target }, config)
      if (result instanceof Target) targets.push(result)
      else if (result !== undefined) dropped.push(result)
    }
  }
  return { targets, dropped }
}
