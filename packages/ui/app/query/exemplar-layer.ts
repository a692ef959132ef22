// Draws exemplars as diamonds over the uPlot chart and shows their labels and value under the cursor.
import type uPlot from 'uplot'
import { formatAxisValue, formatSeries } from '../lib/format.js'
import { formatTime } from '../lib/time.js'
import { nearestExemplar, type ExemplarPoint } from './exemplar-points.js'

const SIZE_CSS_PX = 5
const HOVER_RADIUS_CSS_PX = 8

/** Where a point lands on the plot, in CSS px relative to the plotting area; undefined off the scales. */
function cssPos(u: uPlot, p: ExemplarPoint): [number, number] | undefined {
  const x = u.valToPos(p.tSec, 'x')
  const y = u.valToPos(p.value, 'y')
  if (!Number.isFinite(x) || !Number.isFinite(y)) return undefined
  if (x < 0 || y < 0 || x > u.bbox.width / devicePixelRatio || y > u.bbox.height / devicePixelRatio)
    return undefined
  return [x, y]
}

/** A uPlot `draw` hook painting every exemplar as a filled diamond in `color`. */
export function drawExemplars(points: readonly ExemplarPoint[], color: string): (u: uPlot) => void {
  return (u) => {
    const ctx = u.ctx
    const r = SIZE_CSS_PX * devicePixelRatio
    ctx.save()
    ctx.fillStyle = color
    ctx.strokeStyle = '#fff'
    ctx.lineWidth = devicePixelRatio
    for (const p of points) {
      const at = cssPos(u, p)
      if (at === undefined) continue
      const x = u.bbox.left + at[0] * devicePixelRatio
      const y = u.bbox.top + at[1] * devicePixelRatio
      ctx.beginPath()
      ctx.moveTo(x, y - r)
      ctx.lineTo(x + r, y)
      ctx.lineTo(x, y + r)
      ctx.lineTo(x - r, y)
      ctx.closePath()
      ctx.fill()
      ctx.stroke()
    }
    ctx.restore()
  }
}

/** The exemplar under the cursor, if one is drawn within a few px of it. */
export function exemplarAtCursor(u: uPlot, points: readonly ExemplarPoint[]): ExemplarPoint | undefined {
  const left = u.cursor.left ?? -1
  const top = u.cursor.top ?? -1
  if (left < 0 || top < 0 || points.length === 0) return undefined
  return nearestExemplar(points, (p) => cssPos(u, p), left, top, HOVER_RADIUS_CSS_PX)
}

/** Fills the tooltip with an exemplar: its time, series, own labels (trace_id…) and value. */
export function renderExemplarTooltip(tip: HTMLElement, p: ExemplarPoint): void {
  tip.replaceChildren()
  const head = document.createElement('div')
  head.className = 'muted'
  head.textContent = `Exemplar · ${formatTime(p.tSec * 1000)}`
  const series = document.createElement('div')
  series.className = 'mono'
  series.textContent = formatSeries(p.seriesLabels)
  const labels = document.createElement('div')
  labels.className = 'mono'
  labels.dataset.testid = 'exemplar-labels'
  labels.textContent = Object.keys(p.labels)
    .sort()
    .map((k) => `${k}="${p.labels[k] ?? ''}"`)
    .join(', ')
  const value = document.createElement('div')
  value.innerHTML = '<strong>value:</strong> '
  value.append(formatAxisValue(p.value))
  tip.append(head, series, labels, value)
}
