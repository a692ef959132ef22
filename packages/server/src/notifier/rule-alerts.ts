import type { Alert, NotifyFunc } from '../rules/alert.js'
import { tableLinkForExpression } from './generator-url.js'
import type { NotifierAlert } from './notifier-alert.js'

/** Where the rule manager's alerts go: the notifier's `send`. */
export interface AlertSender {
  send(alerts: readonly NotifierAlert[]): void
}

/**
 * The rule manager's notify function over a notifier, as Prometheus's rules.SendAlerts: an alert
 * starts when it fired and ends when it resolved, or else when its validity runs out (a few
 * resend periods ahead, so Alertmanager resolves it by itself if we stop sending); its
 * generatorURL opens the rule's expression in our expression browser under `externalURL`.
 */
export function sendAlertsTo(sender: AlertSender, externalURL: string): NotifyFunc {
  return (expr: string, alerts: readonly Alert[]) => {
    if (alerts.length === 0) return
    const generatorURL = externalURL + tableLinkForExpression(expr)
    sender.send(
      alerts.map((a) => ({
        labels: a.labels,
        annotations: a.annotations,
        startsAtMs: a.firedAtMs,
        endsAtMs: a.resolvedAtMs ?? a.validUntilMs,
        generatorURL,
      })),
    )
  }
}
