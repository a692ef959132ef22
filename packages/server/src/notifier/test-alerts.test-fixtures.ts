import { Labels } from '@watchfire/model'
import type { NotifierAlert } from './notifier-alert.js'

/** An alert named `name` with extra labels, starting at 1 s and valid until 5 min. */
export function testAlert(name: string, labels: Record<string, string> = {}): NotifierAlert {
  return {
    labels: Labels.fromRecord({ alertname: name, ...labels }),
    annotations: Labels.fromRecord({ summary: `${name} fired` }),
    startsAtMs: 1_000,
    endsAtMs: 300_000,
    generatorURL: 'http://prom:9090/graph?g0.expr=up&g0.tab=1',
  }
}

/** `count` alerts named a0, a1, … */
export function testAlerts(count: number, prefix = 'a'): NotifierAlert[] {
  return Array.from({ length: count }, (_, i) => testAlert(`${prefix}${i}`))
}

/** The alertnames of a list of alerts, in order. */
export function names(alerts: readonly NotifierAlert[]): string[] {
  return alerts.map((a) => a.labels.get('alertname'))
}
