import { isResolvedAt, type Alert } from '../alert.js'
import type { LabelSet } from '../labels/matcher.js'
import type { NotifyContext } from './integration.js'
import { formatGoTime, quoteMeta } from './template-data.js'

/**
 * A label set as JSON with its names in order, as Go marshals a map. Label sets usually arrive in order and
 * are serialised as they are (JSON.stringify's fast path for plain objects); label names are legacy names
 * (validated on input), so none is an array index that JavaScript would order first.
 */
export function labelSetJson(map: LabelSet): string {
  let previous = ''
  for (const k in map) {
    if (k < previous) {
      const copy: Record<string, string> = {}
      for (const name of Object.keys(map).sort()) copy[name] = map[name] as string
      return JSON.stringify(copy)
    }
    previous = k
  }
  return JSON.stringify(map)
}

/** The labels every alert has with the same value, as JSON in name order. */
function commonJson(alerts: readonly Alert[], pick: (a: Alert) => LabelSet): string {
  const first = alerts[0]
  if (first === undefined) return '{}'
  const out: Record<string, string> = {}
  const base = pick(first)
  for (const k in base) {
    const v = base[k] as string
    let everywhere = true
    for (let i = 1; i < alerts.length && everywhere; i++) everywhere = pick(alerts[i] as Alert)[k] === v
    if (everywhere) out[k] = v
  }
  return labelSetJson(out)
}

const labelsOf = (a: Alert): LabelSet => a.labels
const annotationsOf = (a: Alert): LabelSet => a.annotations

/**
 * The webhook payload, field for field (and in the same order) as the original's version 4: the same text
 * JSON.stringify gives for the template data plus version, groupKey and truncatedAlerts, written in one pass
 * without the intermediate objects.
 */
export function webhookPayload(
  alerts: readonly Alert[],
  ctx: NotifyContext,
  maxAlerts: number,
  externalURL: string,
): string {
  const kept = maxAlerts > 0 && alerts.length > maxAlerts ? alerts.slice(0, maxAlerts) : alerts
  let firing = false
  let list = ''
  for (let i = 0; i < kept.length; i++) {
    const a = kept[i] as Alert
    const resolved = isResolvedAt(a, ctx.nowMs)
    if (!resolved) firing = true
    // Times and fingerprints never need escaping.
    list +=
      `${i > 0 ? ',' : ''}{"status":"${resolved ? 'resolved' : 'firing'}","labels":${labelSetJson(a.labels)}` +
      `,"annotations":${labelSetJson(a.annotations)},"startsAt":"${formatGoTime(a.startsAtMs)}"` +
      `,"endsAt":"${formatGoTime(a.endsAtMs)}","generatorURL":${JSON.stringify(a.generatorURL)}` +
      `,"fingerprint":${JSON.stringify(a.fingerprint)}}`
  }
  return (
    `{"receiver":${JSON.stringify(quoteMeta(ctx.receiver))},"status":"${firing ? 'firing' : 'resolved'}"` +
    `,"alerts":[${list}],"groupLabels":${labelSetJson(ctx.groupLabels)}` +
    `,"commonLabels":${commonJson(kept, labelsOf)},"commonAnnotations":${commonJson(kept, annotationsOf)}` +
    `,"externalURL":${JSON.stringify(externalURL)},"version":"4","groupKey":${JSON.stringify(ctx.groupKey)}` +
    `,"truncatedAlerts":${alerts.length - kept.length}}`
  )
}
