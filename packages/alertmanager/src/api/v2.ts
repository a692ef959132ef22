import { isResolvedAt, type Alert } from '../alert.js'
import type { Alertmanager } from '../alertmanager.js'
import { ApiError, MatcherError, SilenceError } from '../errors.js'
import { matchesAll, parseMatchers, type AmMatcher } from '../labels/matcher.js'
import { silenceState, type Silence } from '../silence/silences.js'
import { alertJson, parsePostableAlerts, parsePostableSilence, silenceJson } from './v2-json.js'
import { compileAnchoredRegex, type Re2Regex } from '@watchfire/model'

/** An API answer: status and JSON body (undefined = empty body). */
export interface ApiAnswer {
  status: number
  body?: unknown
}

/** What the status endpoint reports besides the configuration. */
export interface StatusInfo {
  startTimeMs: number
  version: string
}

function filters(query: URLSearchParams): AmMatcher[] {
  const out: AmMatcher[] = []
  for (const f of query.getAll('filter')) {
    try {
      out.push(...parseMatchers(f))
    } catch (err) {
      if (err instanceof MatcherError) throw new ApiError(400, err.message)
      throw err
    }
  }
  return out
}

function flag(query: URLSearchParams, name: string): boolean {
  const v = query.get(name)
  if (v === null) return true
  if (v !== 'true' && v !== 'false')
    throw new ApiError(400, `${name} in query must be of type boolean: "${v}"`)
  return v === 'true'
}

function receiverFilter(query: URLSearchParams): Re2Regex | undefined {
  const r = query.get('receiver')
  if (r === null || r === '') return undefined
  try {
    return compileAnchoredRegex(`(?-s:${r})`)
  } catch (err) {
    throw new ApiError(400, (err as Error).message)
  }
}

/** The alerts the API shows, with receivers and fresh silenced/inhibited state, filtered as the query asks. */
function visibleAlerts(
  am: Alertmanager,
  query: URLSearchParams,
  source: readonly Alert[],
): Record<string, unknown>[] {
  const matchers = filters(query)
  const [silenced, inhibited, active, unprocessed] = ['silenced', 'inhibited', 'active', 'unprocessed'].map(
    (n) => flag(query, n),
  )
  const receiver = receiverFilter(query)
  const now = am.clock.now()
  const out: Record<string, unknown>[] = []
  for (const a of source) {
    if (isResolvedAt(a, now)) continue
    const receivers = am.receiversFor(a.labels)
    if (receiver !== undefined && !receivers.some((r) => receiver.test(r))) continue
    if (!matchesAll(matchers, a.labels)) continue
    const by = am.inhibitor?.inhibitedBy(a.labels)
    am.marker.setInhibited(a.fingerprint, by === undefined ? [] : [by])
    am.marker.setSilenced(a.fingerprint, am.silences.mutedBy(a.labels))
    const status = am.marker.status(a.fingerprint)
    if (!active && status.state === 'active') continue
    if (!unprocessed && status.state === 'unprocessed') continue
    if (!silenced && status.silencedBy.length > 0) continue
    if (!inhibited && status.inhibitedBy.length > 0) continue
    out.push(alertJson(a, receivers, status))
  }
  return out.sort((x, y) => ((x.fingerprint as string) < (y.fingerprint as string) ? -1 : 1))
}

function silenceMatchesFilter(s: Silence, matchers: readonly AmMatcher[]): boolean {
  return matchers.every((f) => s.matchers.some((m) => m.name === f.name && f.matches(m.value)))
}

function sortSilences(list: Silence[], now: number): Silence[] {
  const rank = { active: 0, pending: 1, expired: 2 }
  return list.sort((a, b) => {
    const sa = silenceState(a, now)
    const sb = silenceState(b, now)
    if (sa !== sb) return rank[sa] - rank[sb]
    if (sa === 'active') return a.endsAtMs - b.endsAtMs
    if (sa === 'pending') return a.startsAtMs - b.startsAtMs
    return b.endsAtMs - a.endsAtMs
  })
}

/**
 * Serves API v2 (`path` is relative to `/api/v2`): alerts, alert groups, silences, status and receivers with
 * the original's JSON. Throws ApiError for bad requests.
 */
export function handleApiV2(
  am: Alertmanager,
  method: string,
  path: string,
  query: URLSearchParams,
  body: unknown,
  info: StatusInfo,
): ApiAnswer {
  const now = am.clock.now()
  const config = am.config
  if (path === '/alerts' && method === 'GET')
    return { status: 200, body: visibleAlerts(am, query, am.store.all()) }
  if (path === '/alerts' && method === 'POST') {
    const { alerts, errors } = parsePostableAlerts(body, now, config?.global.resolveTimeoutMs ?? 300_000)
    am.store.put(alerts)
    if (errors.length > 0) throw new ApiError(400, errors.join(';'))
    return { status: 200 }
  }
  if (path === '/alerts/groups' && method === 'GET') {
    const groups = (am.dispatcher?.allGroups() ?? []).map((g) => {
      const alerts = visibleAlerts(am, query, [...g.alerts.values()])
      return { alerts, labels: g.labels, receiver: { name: g.route.opts.receiver }, key: g.key }
    })
    return {
      status: 200,
      body: groups
        .filter((g) => g.alerts.length > 0)
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
        .map(({ alerts, labels, receiver }) => ({ alerts, labels, receiver })),
    }
  }
  if (path === '/silences' && method === 'GET') {
    const matchers = filters(query)
    const list = sortSilences(
      am.silences.all().filter((s) => silenceMatchesFilter(s, matchers)),
      now,
    )
    return { status: 200, body: list.map((s) => silenceJson(s, now)) }
  }
  if (path === '/silences' && method === 'POST') {
    try {
      return { status: 200, body: { silenceID: am.silences.set(parsePostableSilence(body)) } }
    } catch (err) {
      if (err instanceof SilenceError) throw new ApiError(err.notFound ? 404 : 400, err.message)
      throw err
    }
  }
  const silenceId = /^\/silence\/([^/]+)$/.exec(path)?.[1]
  if (silenceId !== undefined) {
    if (method === 'GET') {
      const s = am.silences.get(silenceId)
      return s === undefined ? { status: 404 } : { status: 200, body: silenceJson(s, now) }
    }
    if (method === 'DELETE') {
      try {
        am.silences.expire(silenceId)
        return { status: 200 }
      } catch (err) {
        if (err instanceof SilenceError)
          return err.notFound ? { status: 404 } : { status: 500, body: err.message }
        throw err
      }
    }
  }
  if (path === '/status' && method === 'GET') {
    return {
      status: 200,
      body: {
        cluster: { peers: [], status: 'disabled' },
        config: { original: config?.original ?? '' },
        uptime: new Date(info.startTimeMs).toISOString(),
        versionInfo: {
          branch: '',
          buildDate: '',
          buildUser: '',
          goVersion: process.version,
          revision: '',
          version: info.version,
        },
      },
    }
  }
  if (path === '/receivers' && method === 'GET') {
    return { status: 200, body: (config?.receivers ?? []).map((r) => ({ name: r.name })) }
  }
  throw new ApiError(404, `path ${path} was not found`)
}
