// The differential check: the engine's result and the Prometheus HTTP API's result, both reduced to
// series keyed by their label set with [timestamp ms, value] points, then compared value by value.

/** Values are equal when within this relative distance (or both NaN, or the same infinity). */
export const RELATIVE_TOLERANCE = 1e-9

function keyOf(record) {
  const names = Object.keys(record).sort()
  return `{${names.map((n) => `${n}=${JSON.stringify(record[n])}`).join(', ')}}`
}

function sortByKey(list) {
  return list.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}

/** The Prometheus API's number text: Go's float formatting plus "+Inf", "-Inf" and "NaN". */
function apiNumber(text) {
  if (text === '+Inf') return Infinity
  if (text === '-Inf') return -Infinity
  return Number(text)
}

/**
 * Reduces an engine result (`QueryResult.value`) to sorted `{ key, points }` series.
 * @returns {{ key: string, points: [number, number][] }[]}
 */
export function fromEngine(value) {
  switch (value.type) {
    case 'scalar':
      return [{ key: 'scalar', points: [[value.t, value.v]] }]
    case 'vector':
      return sortByKey(value.samples.map((s) => ({ key: keyOf(s.metric.toRecord()), points: [[s.t, s.f]] })))
    case 'matrix':
      return sortByKey(
        value.series.map((s) => ({
          key: keyOf(s.metric.toRecord()),
          points: s.floats.map((p) => [p.t, p.f]),
        })),
      )
    default:
      throw new Error(`cannot compare a ${value.type} result`)
  }
}

/**
 * Reduces a Prometheus `/api/v1/query(_range)` `data` object to sorted `{ key, points }` series.
 * @returns {{ key: string, points: [number, number][] }[]}
 */
export function fromApi(data) {
  const point = ([t, v]) => [Math.round(t * 1000), apiNumber(v)]
  switch (data.resultType) {
    case 'scalar':
      return [{ key: 'scalar', points: [point(data.result)] }]
    case 'vector':
      return sortByKey(data.result.map((s) => ({ key: keyOf(s.metric), points: [point(s.value)] })))
    case 'matrix':
      return sortByKey(data.result.map((s) => ({ key: keyOf(s.metric), points: s.values.map(point) })))
    default:
      throw new Error(`cannot compare a ${data.resultType} result`)
  }
}

function sameNumber(a, b) {
  if (a === b) return true
  if (Number.isNaN(a) && Number.isNaN(b)) return true
  return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b))
}

/**
 * Lists how `ours` differs from `theirs` (both from fromEngine/fromApi), at most `limit` lines;
 * an empty list means the results agree.
 */
export function diffResults(ours, theirs, limit = 5) {
  const problems = []
  const theirsByKey = new Map(theirs.map((s) => [s.key, s]))
  const oursKeys = new Set()
  for (const s of ours) {
    oursKeys.add(s.key)
    const other = theirsByKey.get(s.key)
    if (other === undefined) {
      problems.push(`extra series ${s.key}`)
      continue
    }
    const theirPoints = new Map(other.points)
    for (const [t, v] of s.points) {
      const w = theirPoints.get(t)
      if (w === undefined) problems.push(`${s.key} has an extra point at ${t}: ${v}`)
      else if (!sameNumber(v, w)) problems.push(`${s.key} @${t}: ours ${v}, prometheus ${w}`)
      theirPoints.delete(t)
    }
    for (const [t, w] of theirPoints) problems.push(`${s.key} lacks the point at ${t}: prometheus ${w}`)
  }
  for (const s of theirs) if (!oursKeys.has(s.key)) problems.push(`missing series ${s.key}`)
  if (problems.length > limit) {
    const more = problems.length - limit
    return [...problems.slice(0, limit), `… and ${more} more`]
  }
  return problems
}
