import { WatchfireError } from '@watchfire/model'
import { GO_ZERO_TIME, GoTime } from '../go-time.js'
import { Alert, Alerts, KV, NotificationData } from './data.js'

function record(v: unknown, field: string): Record<string, string> {
  if (v === undefined || v === null) return {}
  if (typeof v !== 'object' || Array.isArray(v)) throw invalid(`${field} is not an object`)
  const out: Record<string, string> = {}
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'string') throw invalid(`${field}.${k} is not a string`)
    out[k] = x
  }
  return out
}

function str(v: unknown, field: string): string {
  if (v === undefined || v === null) return ''
  if (typeof v !== 'string') throw invalid(`${field} is not a string`)
  return v
}

function time(v: unknown, field: string): GoTime {
  if (v === undefined || v === null) return GO_ZERO_TIME
  const t = typeof v === 'string' ? GoTime.parseRfc3339(v) : undefined
  if (t === undefined) throw invalid(`${field} is not an RFC 3339 time`)
  return t
}

function invalid(detail: string): WatchfireError {
  return new WatchfireError('ERR_TEMPLATE_DATA', `cannot read notification data (${detail})`)
}

/** Reads notification data in Alertmanager's JSON layout (the webhook payload, `amtool --template.data`). */
export function notificationDataFromJSON(json: unknown): NotificationData {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw invalid('not an object')
  const o = json as Record<string, unknown>
  const alerts = o['alerts'] ?? []
  if (!Array.isArray(alerts)) throw invalid('alerts is not an array')
  return new NotificationData(
    str(o['receiver'], 'receiver'),
    str(o['status'], 'status'),
    Alerts.fromList(
      alerts.map((a: unknown, i) => {
        if (typeof a !== 'object' || a === null) throw invalid(`alerts[${i}] is not an object`)
        const x = a as Record<string, unknown>
        return new Alert(
          str(x['status'], `alerts[${i}].status`),
          KV.from(record(x['labels'], `alerts[${i}].labels`)),
          KV.from(record(x['annotations'], `alerts[${i}].annotations`)),
          time(x['startsAt'], `alerts[${i}].startsAt`),
          time(x['endsAt'], `alerts[${i}].endsAt`),
          str(x['generatorURL'], `alerts[${i}].generatorURL`),
          str(x['fingerprint'], `alerts[${i}].fingerprint`),
        )
      }),
    ),
    KV.from(record(o['groupLabels'], 'groupLabels')),
    KV.from(record(o['commonLabels'], 'commonLabels')),
    KV.from(record(o['commonAnnotations'], 'commonAnnotations')),
    str(o['externalURL'], 'externalURL'),
  )
}
