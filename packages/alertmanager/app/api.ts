/** A matcher in API v2's shape. */
export interface ApiMatcher {
  name: string
  value: string
  isRegex: boolean
  isEqual: boolean
}

/** An alert as GET /api/v2/alerts and /api/v2/alerts/groups return it. */
export interface ApiAlert {
  labels: Record<string, string>
  annotations: Record<string, string>
  startsAt: string
  endsAt: string
  updatedAt: string
  fingerprint: string
  generatorURL?: string
  receivers: { name: string }[]
  status: { state: 'unprocessed' | 'active' | 'suppressed'; silencedBy: string[]; inhibitedBy: string[] }
}

/** One aggregation group of GET /api/v2/alerts/groups. */
export interface ApiAlertGroup {
  labels: Record<string, string>
  receiver: { name: string }
  alerts: ApiAlert[]
}

/** A silence as GET /api/v2/silences returns it. */
export interface ApiSilence {
  id: string
  matchers: ApiMatcher[]
  startsAt: string
  endsAt: string
  updatedAt: string
  createdBy: string
  comment: string
  status: { state: 'active' | 'pending' | 'expired' }
}

/** What POST /api/v2/silences takes (an id updates that silence). */
export type PostableSilence = Omit<ApiSilence, 'id' | 'status' | 'updatedAt'> & { id?: string }

/** GET /api/v2/status. */
export interface ApiStatus {
  cluster: { status: string; peers: unknown[] }
  config: { original: string }
  uptime: string
  versionInfo: Record<string, string>
}

/** An API answer that was not 2xx, with the server's message. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

// Relative to the page, so the UI works wherever the server mounts it.
async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, headers: { Accept: 'application/json' } }
  if (body !== undefined) {
    init.body = JSON.stringify(body)
    init.headers = { ...init.headers, 'Content-Type': 'application/json' }
  }
  const res = await fetch(`api/v2${path}`, init)
  const text = await res.text()
  const parsed: unknown = text === '' ? undefined : JSON.parse(text)
  if (!res.ok) {
    const message = typeof parsed === 'string' ? parsed : text || res.statusText
    throw new ApiRequestError(res.status, `cannot ${method} ${path} (HTTP ${res.status}: ${message.trim()})`)
  }
  return parsed as T
}

/** Query parameters of the alert listings. */
export interface AlertQuery {
  filter: string
  silenced: boolean
  inhibited: boolean
}

function alertParams(q: AlertQuery): string {
  const p = new URLSearchParams()
  if (q.filter.trim() !== '') p.append('filter', q.filter.trim())
  p.set('silenced', String(q.silenced))
  p.set('inhibited', String(q.inhibited))
  return p.toString()
}

/** GET /api/v2/alerts/groups. */
export function alertGroups(q: AlertQuery): Promise<ApiAlertGroup[]> {
  return call('GET', `/alerts/groups?${alertParams(q)}`)
}

/** GET /api/v2/alerts. */
export function alerts(q: AlertQuery): Promise<ApiAlert[]> {
  return call('GET', `/alerts?${alertParams(q)}`)
}

/** GET /api/v2/silences. */
export function silences(): Promise<ApiSilence[]> {
  return call('GET', '/silences')
}

/** GET /api/v2/silence/{id}. */
export function silence(id: string): Promise<ApiSilence> {
  return call('GET', `/silence/${encodeURIComponent(id)}`)
}

/** POST /api/v2/silences; resolves with the silence's id. */
export async function saveSilence(s: PostableSilence): Promise<string> {
  const r = await call<{ silenceID: string }>('POST', '/silences', s)
  return r.silenceID
}

/** DELETE /api/v2/silence/{id}. */
export async function expireSilence(id: string): Promise<void> {
  await call('DELETE', `/silence/${encodeURIComponent(id)}`)
}

/** GET /api/v2/status. */
export function status(): Promise<ApiStatus> {
  return call('GET', '/status')
}
