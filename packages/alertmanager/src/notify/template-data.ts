import { isResolvedAt, type Alert } from '../alert.js'
import type { LabelSet } from '../labels/matcher.js'

/** One alert as notifications show it (the webhook payload's and the templates' `.Alerts` element). */
export interface NotificationAlert {
  status: 'firing' | 'resolved'
  labels: LabelSet
  annotations: LabelSet
  startsAt: string
  endsAt: string
  generatorURL: string
  fingerprint: string
}

/** The data every notification is rendered from (the original's template.Data). */
export interface NotificationData {
  receiver: string
  status: 'firing' | 'resolved'
  alerts: NotificationAlert[]
  groupLabels: LabelSet
  commonLabels: LabelSet
  commonAnnotations: LabelSet
  externalURL: string
}

/** Go's time.Time JSON (RFC 3339 with trailing fractional zeros dropped); 0 is Go's zero time. */
export function formatGoTime(ms: number): string {
  if (ms === 0) return '0001-01-01T00:00:00Z'
  // The alerts of one notification usually share their times (one rule evaluation): one entry of memory.
  if (ms === lastTimeMs) return lastTimeText
  const iso = new Date(ms).toISOString()
  let text: string
  if (ms % 1000 === 0) text = `${iso.slice(0, -5)}Z`
  else {
    // `….mmmZ` with the fraction's trailing zeros dropped, as Go's RFC 3339 with nanoseconds prints it.
    let end = iso.length - 1
    while (iso.charCodeAt(end - 1) === 0x30) end--
    text = `${iso.slice(0, end)}Z`
  }
  lastTimeMs = ms
  lastTimeText = text
  return text
}

let lastTimeMs = 0
let lastTimeText = ''

/** Go's regexp.QuoteMeta, which the original applies to the receiver name in template data. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&')
}

function common(maps: readonly LabelSet[]): Record<string, string> {
  const first = maps[0]
  if (first === undefined) return {}
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(first)) if (maps.every((m) => m[k] === v)) out[k] = v
  return out
}

function sorted(map: LabelSet): LabelSet {
  // Label sets usually arrive in name order already; those are used as they are, not copied.
  let previous = ''
  let inOrder = true
  for (const k in map) {
    if (k < previous) {
      inOrder = false
      break
    }
    previous = k
  }
  if (inOrder) return map
  const out: Record<string, string> = {}
  for (const k of Object.keys(map).sort()) out[k] = map[k] as string
  return out
}

/** Builds the template data for a notification of `alerts` (already in notification order). */
export function templateData(
  receiver: string,
  groupLabels: LabelSet,
  alerts: readonly Alert[],
  externalURL: string,
  nowMs: number,
): NotificationData {
  const out: NotificationAlert[] = alerts.map((a) => ({
    status: isResolvedAt(a, nowMs) ? 'resolved' : 'firing',
    labels: sorted(a.labels),
    annotations: sorted(a.annotations),
    startsAt: formatGoTime(a.startsAtMs),
    endsAt: formatGoTime(a.endsAtMs),
    generatorURL: a.generatorURL,
    fingerprint: a.fingerprint,
  }))
  return {
    receiver: quoteMeta(receiver),
    status: out.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
    alerts: out,
    groupLabels: sorted(groupLabels),
    commonLabels: sorted(common(alerts.map((a) => a.labels))),
    commonAnnotations: sorted(common(alerts.map((a) => a.annotations))),
    externalURL,
  }
}
