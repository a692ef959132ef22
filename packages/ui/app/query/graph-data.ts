// Turning a range query's matrix into the column arrays uPlot draws.
import type { MatrixSeries } from '../lib/api-types.js'

/** uPlot's aligned data: x in Unix seconds, then one y column per series with null for gaps. */
export type AlignedColumns = [number[], ...(number | null)[][]]

/** The step Prometheus's UI picks when none is given: about 250 points across the range, at least 1 s. */
export function autoStepSec(rangeMs: number): number {
  return Math.max(Math.floor(rangeMs / 250_000), 1)
}

/**
 * Lays the series out on the grid start, start+step, …, end (seconds) so uPlot can draw them; samples off the
 * grid snap to the nearest point, and NaN or ±Inf become gaps because a canvas cannot place them.
 */
export function alignMatrix(
  series: readonly MatrixSeries[],
  startSec: number,
  endSec: number,
  stepSec: number,
): AlignedColumns {
  const n = Math.max(0, Math.floor((endSec - startSec) / stepSec) + 1)
  const xs = new Array<number>(n)
  for (let i = 0; i < n; i++) xs[i] = startSec + i * stepSec
  const out: AlignedColumns = [xs]
  for (const s of series) {
    const ys = new Array<number | null>(n).fill(null)
    for (const [t, v] of s.values ?? []) {
      const i = Math.round((t - startSec) / stepSec)
      if (i < 0 || i >= n) continue
      const num = Number(v)
      ys[i] = Number.isFinite(num) ? num : null
    }
    out.push(ys)
  }
  return out
}

/**
 * Stacks the y columns in place order: each point becomes the sum of itself and the visible ones before it.
 * Hidden series and gaps add nothing, so isolating a series shows its own values.
 */
export function stackColumns(data: AlignedColumns, visible: readonly boolean[]): AlignedColumns {
  const [xs, ...ys] = data
  const running = new Array<number>(xs.length).fill(0)
  const stacked = ys.map((col, s) => {
    if (visible[s] === false) return col
    return col.map((v, i) => {
      if (v === null) return null
      running[i] = (running[i] ?? 0) + v
      return running[i] ?? null
    })
  })
  return [xs, ...stacked]
}

/** A distinct, readable colour per series on both light and dark backgrounds. */
export function seriesColor(index: number): string {
  const hue = (index * 137.508) % 360
  return `hsl(${hue.toFixed(1)}, 65%, 50%)`
}

/**
 * Indices of samples with a gap (or the edge) on both sides: a line cannot show them, so the graph draws them
 * as dots. Null when there are none, which tells uPlot to fall back to its own rule.
 */
export function isolatedPoints(col: ArrayLike<number | null | undefined>): number[] | null {
  const out: number[] = []
  for (let i = 0; i < col.length; i++) {
    if (col[i] === null || col[i] === undefined) continue
    const before = i === 0 ? null : col[i - 1]
    const after = i === col.length - 1 ? null : col[i + 1]
    if ((before === null || before === undefined) && (after === null || after === undefined)) out.push(i)
  }
  return out.length === 0 ? null : out
}
