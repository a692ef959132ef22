// Exemplars of a graph's range, flattened into points for drawing and picked under the cursor.
import type { Metric } from '../lib/api-types.js'

/** One series' entry of /api/v1/query_exemplars. */
export interface ExemplarSeriesJson {
  seriesLabels: Metric
  exemplars: { labels: Metric; value: string; timestamp: number }[]
}

/** An exemplar as the graph draws it: time in seconds, value, the series it belongs to and its own labels. */
export interface ExemplarPoint {
  tSec: number
  value: number
  seriesLabels: Metric
  labels: Metric
}

/** Flattens a query_exemplars answer (null for an expression without selectors) into points. */
export function exemplarPoints(data: readonly ExemplarSeriesJson[] | null): ExemplarPoint[] {
  const out: ExemplarPoint[] = []
  for (const s of data ?? []) {
    for (const e of s.exemplars) {
      const value = Number(e.value)
      if (!Number.isFinite(value) || !Number.isFinite(e.timestamp)) continue
      out.push({ tSec: e.timestamp, value, seriesLabels: s.seriesLabels, labels: e.labels })
    }
  }
  return out
}

/**
 * The point drawn nearest to the cursor at (`x`, `y`) px, if one is within `radiusPx`; `toPx`
 * places a point on the canvas (undefined when off the scales).
 */
export function nearestExemplar(
  points: readonly ExemplarPoint[],
  toPx: (p: ExemplarPoint) => [number, number] | undefined,
  x: number,
  y: number,
  radiusPx: number,
): ExemplarPoint | undefined {
  let best: ExemplarPoint | undefined
  let bestDist = radiusPx * radiusPx
  for (const p of points) {
    const at = toPx(p)
    if (at === undefined) continue
    const d = (at[0] - x) ** 2 + (at[1] - y) ** 2
    if (d <= bestDist) {
      bestDist = d
      best = p
    }
  }
  return best
}
