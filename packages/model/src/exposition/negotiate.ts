import { WatchfireError } from '../errors.js'

/** The exposition formats Watchfire serves: text 0.0.4, OpenMetrics 1.0.0, delimited protobuf. */
export type ExpositionFormat = 'text' | 'openmetrics' | 'protobuf'

/** Content-Type of the Prometheus text format 0.0.4. */
export const TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

/** Content-Type of OpenMetrics 1.0.0 text. */
export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8'

/** Content-Type of the delimited protobuf format (length-prefixed io.prometheus.client.MetricFamily messages). */
export const PROTOBUF_CONTENT_TYPE =
  'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited'

/** Options for {@link negotiateFormat}. */
export interface NegotiateOptions {
  /** Whether protobuf may be chosen; default true, as in client_golang. */
  protobuf?: boolean
}

const CONTENT_TYPES: Record<ExpositionFormat, string> = {
  text: TEXT_CONTENT_TYPE,
  openmetrics: OPENMETRICS_CONTENT_TYPE,
  protobuf: PROTOBUF_CONTENT_TYPE,
}

/** The Content-Type header value for `format`. */
export function contentTypeFor(format: ExpositionFormat): string {
  const type = CONTENT_TYPES[format]
  if (type === undefined) {
    throw new WatchfireError(
      'ERR_CONTENT_TYPE',
      `cannot name a content type (unknown exposition format "${String(format)}")`,
    )
  }
  return type
}

interface Clause {
  type: string
  subtype: string
  params: Map<string, string>
  q: number
  index: number
}

function parseClause(part: string, index: number): Clause | undefined {
  const pieces = part.split(';')
  const range = (pieces[0] ?? '').trim().toLowerCase()
  let type: string
  let subtype: string
  const slash = range.indexOf('/')
  if (slash >= 0) {
    type = range.slice(0, slash).trim()
    subtype = range.slice(slash + 1).trim()
  } else if (range === '*') {
    // Some clients send a bare `*`; treat it as `*/*` like goautoneg does.
    type = '*'
    subtype = '*'
  } else {
    return undefined
  }
  if (type === '' || subtype === '') return undefined
  const params = new Map<string, string>()
  let q = 1
  for (let i = 1; i < pieces.length; i++) {
    const piece = pieces[i] as string
    const eq = piece.indexOf('=')
    if (eq < 0) continue
    const key = piece.slice(0, eq).trim().toLowerCase()
    let value = piece.slice(eq + 1).trim()
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
    if (key === 'q') {
      const parsed = Number(value)
      q = value !== '' && Number.isFinite(parsed) ? parsed : 0
    } else params.set(key, value)
  }
  return { type, subtype, params, q, index }
}

/** Highest q first; among equal q, concrete types before wildcards; then header order. */
function byPreference(a: Clause, b: Clause): number {
  if (a.q !== b.q) return b.q - a.q
  const wildA = (a.type === '*' ? 2 : 0) + (a.subtype === '*' ? 1 : 0)
  const wildB = (b.type === '*' ? 2 : 0) + (b.subtype === '*' ? 1 : 0)
  if (wildA !== wildB) return wildA - wildB
  return a.index - b.index
}

function formatOf(clause: Clause, protobuf: boolean): ExpositionFormat | undefined {
  const version = clause.params.get('version')
  if (clause.type === 'text' && clause.subtype === 'plain') {
    return version === undefined || version === '' || version === '0.0.4' ? 'text' : undefined
  }
  if (clause.type === 'application' && clause.subtype === 'openmetrics-text') {
    return version === undefined || version === '' || version === '0.0.1' || version === '1.0.0'
      ? 'openmetrics'
      : undefined
  }
  if (protobuf && clause.type === 'application' && clause.subtype === 'vnd.google.protobuf') {
    const delimited =
      clause.params.get('proto') === 'io.prometheus.client.MetricFamily' &&
      clause.params.get('encoding') === 'delimited'
    return delimited ? 'protobuf' : undefined
  }
  return undefined
}

/**
 * Picks the exposition format for an `Accept` header, as client_golang's
 * `expfmt.NegotiateIncludingOpenMetrics` does: clauses are tried from the highest q-value down (concrete
 * types before wildcards at equal q), and the first one naming a format we serve wins. OpenMetrics is
 * chosen only when asked for by name (version 0.0.1, 1.0.0 or none; we answer 1.0.0), protobuf only with
 * `proto=io.prometheus.client.MetricFamily;encoding=delimited` (and `options.protobuf` not false), text
 * 0.0.4 for `text/plain` (version 0.0.4 or none). Everything else, wildcards like `*\/*` and a missing
 * header included, gets text. Unlike goautoneg, a clause with q=0 means "not acceptable" and is ignored.
 */
export function negotiateFormat(accept: string | undefined, options?: NegotiateOptions): ExpositionFormat {
  if (accept === undefined || accept === '') return 'text'
  const protobuf = options?.protobuf !== false
  const clauses: Clause[] = []
  const parts = accept.split(',')
  for (let i = 0; i < parts.length; i++) {
    const clause = parseClause(parts[i] as string, i)
    if (clause !== undefined && clause.q > 0) clauses.push(clause)
  }
  clauses.sort(byPreference)
  for (const clause of clauses) {
    const format = formatOf(clause, protobuf)
    if (format !== undefined) return format
  }
  return 'text'
}
