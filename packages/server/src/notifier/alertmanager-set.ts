import { posix } from 'node:path'
import { Labels, relabel } from '@watchfire/model'
import type { AlertmanagerConfig } from '../config/config-types.js'
import type { TargetGroup } from '../discovery/target-group.js'
import type { AlertmanagerApiVersion } from './notifier-alert.js'

/** The label holding the path alerts are posted to, as Prometheus names it (relabel rules may set it). */
export const ALERTS_PATH_LABEL = '__alerts_path__'

/** One Alertmanager of a set: where alerts are posted, and the labels that produced the URL. */
export interface DiscoveredAlertmanager {
  url: string
  labels: Labels
}

/** Thrown for a discovered `__address__` that cannot be a host; the whole group is skipped. */
export class AlertmanagerAddressError extends Error {
  readonly code = 'WATCHFIRE_ALERTMANAGER_ADDRESS'
  constructor(address: string) {
    super(`${JSON.stringify(address)} is not a valid hostname`)
  }
}

/** `{path_prefix}/api/{version}/alerts`, cleaned like Go's path.Join. */
export function alertsPath(pathPrefix: string, version: string): string {
  return posix.join('/', pathPrefix, `/api/${version}/alerts`)
}

function urlOf(labels: Labels): string {
  return `${labels.get('__scheme__')}://${labels.get('__address__')}${labels.get(ALERTS_PATH_LABEL)}`
}

/**
 * The Alertmanagers of one discovered target group under `config`: each target gets the set's
 * scheme and alerts path, then the group's labels it lacks, then the set's `relabel_configs`;
 * targets the rules drop are returned as `dropped` (with their labels before relabelling).
 */
export function alertmanagersFromGroup(
  group: TargetGroup,
  config: AlertmanagerConfig,
): { active: DiscoveredAlertmanager[]; dropped: DiscoveredAlertmanager[] } {
  const active: DiscoveredAlertmanager[] = []
  const dropped: DiscoveredAlertmanager[] = []
  for (const target of group.targets) {
    const record: Record<string, string> = {
      ...target,
      __scheme__: config.scheme,
      [ALERTS_PATH_LABEL]: alertsPath(config.pathPrefix, config.apiVersion),
    }
    for (const [name, value] of Object.entries(group.labels)) if (!(name in target)) record[name] = value
    const before = Labels.fromRecord(record)
    const after = relabel(before, config.relabelConfigs)
    if (after === undefined) {
      dropped.push({ url: urlOf(before), labels: before })
      continue
    }
    const address = after.get('__address__')
    if (address.includes('/')) throw new AlertmanagerAddressError(address)
    active.push({ url: urlOf(after), labels: after })
  }
  return { active, dropped }
}

/**
 * The Alertmanagers of one `alerting.alertmanagers` entry: its settings (client, timeout, API
 * version) and the latest discovered Alertmanagers, deduplicated by URL.
 */
export class AlertmanagerSet {
  readonly config: AlertmanagerConfig
  readonly apiVersion: AlertmanagerApiVersion
  active: DiscoveredAlertmanager[] = []
  dropped: DiscoveredAlertmanager[] = []

  constructor(config: AlertmanagerConfig) {
    this.config = config
    this.apiVersion = config.apiVersion === 'v1' ? 'v1' : 'v2'
  }

  /**
   * Replaces the Alertmanagers with those of `groups`; a group with an invalid address is skipped
   * and reported through `onError`. Returns the URLs that are active now.
   */
  sync(groups: readonly TargetGroup[], onError: (err: Error) => void): string[] {
    const active: DiscoveredAlertmanager[] = []
    const dropped: DiscoveredAlertmanager[] = []
    for (const group of groups) {
      try {
        const found = alertmanagersFromGroup(group, this.config)
        active.push(...found.active)
        dropped.push(...found.dropped)
      } catch (err) {
        onError(err instanceof Error ? err : new Error(String(err)))
      }
    }
    const byUrl = new Map<string, DiscoveredAlertmanager>()
    for (const am of active) if (!byUrl.has(am.url)) byUrl.set(am.url, am)
    this.active = [...byUrl.values()]
    this.dropped = dropped
    return this.active.map((am) => am.url)
  }
}
