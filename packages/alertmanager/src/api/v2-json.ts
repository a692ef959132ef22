import { isLegacyLabelName } from '@watchfire/model'
import type { Alert } from '../alert.js'
import { ApiError, MatcherError } from '../errors.js'
import { fingerprint } from '../labels/fingerprint.js'
import { matcherFromApi, type AmMatcher } from '../labels/matcher.js'
import type { Silence, SilenceInput } from '../silence/silences.js'
import { silenceState } from '../silence/silences.js'
import type { AlertStatus } from '../store/marker.js'

/** API v2 times: RFC 3339 with milliseconds, as go-openapi's strfmt.DateTime prints them. */
export function apiTime(ms: number): string {
  return new Date(ms).toISOString()
}

/** Go's zero time, which amtool sends for "unset". */
const GO_ZERO_MS = Date.parse('0001-01-01T00:00:00Z')

/** The last time text parsed and its value: a batch's alerts usually share their startsAt. */
let lastTimeText = ''
let lastTimeMs = 0

function parseTime(v: unknown, field: string): number {
  if (v === undefined || v === null || v === '') return 0
  if (v === lastTimeText) return lastTimeMs
  if (typeof v !== 'string') throw new ApiError(400, `${field} in body must be of type date-time`)
  const ms = Date.parse(v)
  if (!/^\d{4}-\d\d-\d\dT/.test(v) || Number.isNaN(ms)) {
    throw new ApiError(400, `${field} in body must be of type date-time: "${v}"`)
  }
  lastTimeText = v
  lastTimeMs = ms === GO_ZERO_MS ? 0 : ms
  return lastTimeMs
}

/**
 * Label and annotation names already found valid: the same few names come with every alert, and a Set
 * lookup costs less than the regular expression. Bounded, as names are client input.
 */
const validNames = new Set<string>()
const MAX_VALID_NAMES = 4096

function isValidName(name: string): boolean {
  if (validNames.has(name)) return true
  if (!isLegacyLabelName(name)) return false
  if (validNames.size >= MAX_VALID_NAMES) validNames.clear()
  validNames.add(name)
  return true
}

function labelMap(v: unknown, field: string, required: boolean): Record<string, string> {
  if (v === undefined || v === null) {
    if (required) throw new ApiError(400, `${field} in body is required`)
    return {}
  }
  if (typeof v !== 'object' || Array.isArray(v))
    throw new ApiError(400, `${field} in body must be of type object`)
  // The parsed JSON object is kept rather than copied: it is one per posted alert, and only read from now on.
  const map = v as Record<string, unknown>
  for (const k in map) {
    if (typeof map[k] !== 'string') throw new ApiError(400, `${field}.${k} in body must be of type string`)
  }
  return map as Record<string, string>
}

/**
 * Reads POST /api/v2/alerts: an array of postable alerts. Missing start times become now (or the end time),
 * missing end times now + resolve_timeout; alerts that fail validation are reported, the rest are kept.
 */
export function parsePostableAlerts(
  body: unknown,
  nowMs: number,
  resolveTimeoutMs: number,
): { alerts: Alert[]; errors: string[] } {
  if (!Array.isArray(body)) throw new ApiError(400, 'alerts in body must be of type array')
  const alerts: Alert[] = []
  const errors: string[] = []
  body.forEach((raw: unknown, i) => {
    if (typeof raw !== 'object' || raw === null)
      throw new ApiError(400, `alerts[${i}] in body must be of type object`)
    const o = raw as Record<string, unknown>
    const labels = labelMap(o.labels, `labels`, true)
    const annotations = labelMap(o.annotations, 'annotations', false)
    let startsAtMs = parseTime(o.startsAt, 'startsAt')
    let endsAtMs = parseTime(o.endsAt, 'endsAt')
    const generatorURL = typeof o.generatorURL === 'string' ? o.generatorURL : ''
    if (startsAtMs === 0) startsAtMs = endsAtMs === 0 ? nowMs : endsAtMs
    let timeout = false
    if (endsAtMs === 0) {
      timeout = true
      endsAtMs = nowMs + resolveTimeoutMs
    }
    const problem = validate(labels, annotations, startsAtMs, endsAtMs)
    if (problem !== undefined) {
      errors.push(`${problem}: ${JSON.stringify(labels)}`)
      return
    }
    // Built here rather than through makeAlert's field bag: one object per posted alert instead of two, with
    // the same fields in the same order (one hidden class for every alert).
    const alert: Alert = {
      labels,
      annotations,
      startsAtMs,
      endsAtMs,
      generatorURL,
      updatedAtMs: nowMs,
      timeout,
      fingerprint: fingerprint(labels),
    }
    alerts.push(alert)
  })
  return { alerts, errors }
}

function validate(
  labels: Record<string, string>,
  annotations: Record<string, string>,
  startsAtMs: number,
  endsAtMs: number,
): string | undefined {
  let empty = true
  for (const k in labels) {
    empty = false
    if (!isValidName(k)) return `invalid label set: invalid name "${k}"`
  }
  if (empty) return 'at least one label pair required'
  for (const k in annotations) if (!isValidName(k)) return `invalid annotations: invalid name "${k}"`
  if (endsAtMs !== 0 && endsAtMs < startsAtMs) return 'start time must be before end time'
  return undefined
}

/** A gettableAlert. */
export function alertJson(
  a: Alert,
  receivers: readonly string[],
  status: AlertStatus,
): Record<string, unknown> {
  return {
    annotations: a.annotations,
    endsAt: apiTime(a.endsAtMs),
    fingerprint: a.fingerprint,
    receivers: receivers.map((name) => ({ name })),
    startsAt: apiTime(a.startsAtMs),
    status: { inhibitedBy: status.inhibitedBy, silencedBy: status.silencedBy, state: status.state },
    updatedAt: apiTime(a.updatedAtMs),
    ...(a.generatorURL !== '' ? { generatorURL: a.generatorURL } : {}),
    labels: a.labels,
  }
}

/** A gettableSilence. */
export function silenceJson(s: Silence, nowMs: number): Record<string, unknown> {
  return {
    id: s.id,
    status: { state: silenceState(s, nowMs) },
    updatedAt: apiTime(s.updatedAtMs),
    comment: s.comment,
    createdBy: s.createdBy,
    endsAt: apiTime(s.endsAtMs),
    matchers: s.matchers.map((m) => ({
      isEqual: m.isEqual,
      isRegex: m.isRegex,
      name: m.name,
      value: m.value,
    })),
    startsAt: apiTime(s.startsAtMs),
  }
}

function matcherList(v: unknown): AmMatcher[] {
  if (!Array.isArray(v)) throw new ApiError(400, 'matchers in body is required')
  return v.map((m: unknown, i) => {
    if (typeof m !== 'object' || m === null)
      throw new ApiError(400, `matchers.${i} in body must be of type object`)
    const o = m as Record<string, unknown>
    for (const f of ['name', 'value'] as const) {
      if (typeof o[f] !== 'string') throw new ApiError(400, `matchers.${i}.${f} in body is required`)
    }
    if (typeof o.isRegex !== 'boolean') throw new ApiError(400, `matchers.${i}.isRegex in body is required`)
    try {
      return matcherFromApi(o.name as string, o.value as string, o.isRegex, o.isEqual !== false)
    } catch (err) {
      if (err instanceof MatcherError) throw new ApiError(400, err.message)
      throw err
    }
  })
}

/** Reads POST /api/v2/silences. */
export function parsePostableSilence(body: unknown): SilenceInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(400, 'silence in body must be of type object')
  }
  const o = body as Record<string, unknown>
  for (const f of ['createdBy', 'comment', 'startsAt', 'endsAt'] as const) {
    if (o[f] === undefined || o[f] === null) throw new ApiError(400, `${f} in body is required`)
  }
  if (typeof o.createdBy !== 'string' || typeof o.comment !== 'string') {
    throw new ApiError(400, 'createdBy and comment in body must be of type string')
  }
  const input: SilenceInput = {
    matchers: matcherList(o.matchers),
    startsAtMs: parseTime(o.startsAt, 'startsAt'),
    endsAtMs: parseTime(o.endsAt, 'endsAt'),
    createdBy: o.createdBy,
    comment: o.comment,
  }
  if (typeof o.id === 'string' && o.id !== '') input.id = o.id
  return input
}
