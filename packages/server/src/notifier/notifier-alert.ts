import type { Labels } from '@watchfire/model'

/**
 * An alert as the notifier sends it to Alertmanager: the rule's labels (external labels and
 * alert relabelling are applied by the notifier), its annotations, and the known time range.
 * Times are ms since the epoch; `undefined` means "not known" (Go's zero time on the wire).
 */
export interface NotifierAlert {
  labels: Labels
  annotations: Labels
  startsAtMs: number | undefined
  endsAtMs: number | undefined
  generatorURL: string
}

/** The Alertmanager API versions Prometheus 2.42 can post to. */
export type AlertmanagerApiVersion = 'v1' | 'v2'

// Go's zero time.Time, as encoding/json (v1) and strfmt.DateTime (v2) write it.
const ZERO_TIME_V1 = '0001-01-01T00:00:00Z'
const ZERO_TIME_V2 = '0001-01-01T00:00:00.000Z'

function time(ms: number | undefined, zero: string): string {
  return ms === undefined ? zero : new Date(ms).toISOString()
}

/**
 * The request body of `POST /api/{v1,v2}/alerts`: a JSON array of alerts with `labels` and
 * `annotations` as string maps, `startsAt`/`endsAt` in RFC 3339 and the `generatorURL`.
 */
export function encodeAlerts(alerts: readonly NotifierAlert[], version: AlertmanagerApiVersion): string {
  const zero = version === 'v1' ? ZERO_TIME_V1 : ZERO_TIME_V2
  return JSON.stringify(
    alerts.map((a) => ({
      labels: a.labels.toRecord(),
      annotations: a.annotations.toRecord(),
      startsAt: time(a.startsAtMs, zero),
      endsAt: time(a.endsAtMs, zero),
      ...(a.generatorURL === '' ? {} : { generatorURL: a.generatorURL }),
    })),
  )
}
