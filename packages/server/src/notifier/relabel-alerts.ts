import { relabel, type Labels, type RelabelConfig } from '@watchfire/model'
import type { NotifierAlert } from './notifier-alert.js'

/**
 * Adds the external labels an alert does not already carry, then applies `alert_relabel_configs`;
 * alerts the rules drop (or that end up with no labels) are left out. Inputs are not modified.
 */
export function relabelAlerts(
  alerts: readonly NotifierAlert[],
  externalLabels: Readonly<Record<string, string>>,
  configs: readonly RelabelConfig[],
): NotifierAlert[] {
  const external = Object.entries(externalLabels)
  const out: NotifierAlert[] = []
  for (const alert of alerts) {
    let labels: Labels = alert.labels
    for (const [name, value] of external) if (labels.get(name) === '') labels = labels.with(name, value)
    const relabelled = relabel(labels, configs)
    if (relabelled === undefined || relabelled.size === 0) continue
    out.push(relabelled === alert.labels ? alert : { ...alert, labels: relabelled })
  }
  return out
}
