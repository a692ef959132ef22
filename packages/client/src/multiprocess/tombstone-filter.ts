import type { MetricState, Tombstone } from './state.js'

/**
 * Drops from `metrics` (in place) the series removed by tombstones newer than `appliedSeq` that another
 * incarnation than `incarnation` wrote: the state was captured before the removal reached its process.
 */
export function dropRemoved(
  metrics: MetricState[],
  tombstones: readonly Tombstone[],
  appliedSeq: number,
  incarnation: string | undefined,
): void {
  const pending = tombstones.filter((t) => t.seq > appliedSeq && t.author !== incarnation)
  if (pending.length === 0) return
  for (const m of metrics) {
    const mine = pending.filter((t) => t.metric === m.name)
    if (mine.length === 0) continue
    if (mine.some((t) => t.labels === null)) {
      m.series = []
      continue
    }
    m.series = m.series.filter((s) => !mine.some((t) => sameLabels(t.labels, s.l)))
  }
}

function sameLabels(a: ReadonlyArray<string | null> | null, b: ReadonlyArray<string | null>): boolean {
  if (a === null || a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
