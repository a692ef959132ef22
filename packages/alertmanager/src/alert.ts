import { fingerprint } from './labels/fingerprint.js'
import type { LabelSet } from './labels/matcher.js'

/** An alert as the Alertmanager keeps it. Times are ms since the epoch; `endsAtMs` 0 means "not set". */
export interface Alert {
  labels: LabelSet
  annotations: LabelSet
  startsAtMs: number
  endsAtMs: number
  generatorURL: string
  updatedAtMs: number
  /** True when `endsAtMs` was set from resolve_timeout rather than by the sender. */
  timeout: boolean
  /** The label set's fingerprint (16 hex digits). */
  fingerprint: string
}

/** Builds an alert, computing its fingerprint. */
export function makeAlert(fields: Omit<Alert, 'fingerprint'>): Alert {
  // Field by field, not a spread: one object of one shape for every alert posted.
  return {
    labels: fields.labels,
    annotations: fields.annotations,
    startsAtMs: fields.startsAtMs,
    endsAtMs: fields.endsAtMs,
    generatorURL: fields.generatorURL,
    updatedAtMs: fields.updatedAtMs,
    timeout: fields.timeout,
    fingerprint: fingerprint(fields.labels),
  }
}

/** True once the alert's end time has passed (`endsAt <= now`); an unset end never resolves. */
export function isResolvedAt(alert: Alert, nowMs: number): boolean {
  return alert.endsAtMs !== 0 && alert.endsAtMs <= nowMs
}

/**
 * Combines an incoming alert with the one already stored, as the original does: the newer one wins, the
 * earliest start is kept, and an explicit end time beats one derived from resolve_timeout.
 */
export function mergeAlerts(a: Alert, o: Alert, nowMs: number): Alert {
  if (o.updatedAtMs < a.updatedAtMs) return mergeAlerts(o, a, nowMs)
  const res = { ...o }
  if (a.startsAtMs < o.startsAtMs) res.startsAtMs = a.startsAtMs
  if (isResolvedAt(o, nowMs)) {
    if (isResolvedAt(a, nowMs) && a.endsAtMs > o.endsAtMs) res.endsAtMs = a.endsAtMs
  } else if (a.endsAtMs > o.endsAtMs && !a.timeout) {
    res.endsAtMs = a.endsAtMs
  }
  return res
}

function sameLabelSet(a: LabelSet, b: LabelSet): boolean {
  const names = Object.keys(a)
  if (names.length !== Object.keys(b).length) return false
  for (const n of names) if (a[n] !== b[n]) return false
  return true
}

/**
 * {@link mergeAlerts} into the stored alert itself. Prometheus re-sends every firing alert about once a
 * minute; a new object per re-send would survive the young generation and be copied by every scavenge
 * (10k alerts: several MB and up to 15 ms a scavenge). Equal annotations and generator URL keep the
 * stored values, so nothing from the request outlives it.
 */
export function mergeInto(stored: Alert, incoming: Alert, nowMs: number): void {
  const merged = mergeAlerts(stored, incoming, nowMs)
  if (!sameLabelSet(stored.annotations, merged.annotations)) stored.annotations = merged.annotations
  if (stored.generatorURL !== merged.generatorURL) stored.generatorURL = merged.generatorURL
  stored.startsAtMs = merged.startsAtMs
  stored.endsAtMs = merged.endsAtMs
  stored.updatedAtMs = merged.updatedAtMs
  stored.timeout = merged.timeout
}

const ORDER_KEYS = ['job', 'instance']

function labelSetBefore(a: LabelSet, b: LabelSet): boolean {
  const an = Object.keys(a)
  const bn = Object.keys(b)
  if (an.length !== bn.length) return an.length < bn.length
  const names = [...new Set([...an, ...bn])].sort()
  for (const n of names) {
    const av = a[n]
    if (av === undefined) return true
    const bv = b[n]
    if (bv === undefined) return false
    if (av !== bv) return av < bv
  }
  return false
}

/** The original's notification order: by `job`, then `instance`, then the whole label set. */
export function compareAlerts(x: Alert, y: Alert): number {
  for (const key of ORDER_KEYS) {
    const xv = x.labels[key]
    const yv = y.labels[key]
    if (xv === undefined && yv === undefined) continue
    if (xv === undefined) return 1
    if (yv === undefined) return -1
    if (xv !== yv) return xv < yv ? -1 : 1
  }
  if (labelSetBefore(x.labels, y.labels)) return -1
  if (labelSetBefore(y.labels, x.labels)) return 1
  return 0
}
