// The Graph tab: a range query's series drawn by uPlot on a canvas, with a clickable legend and a tooltip that
// names the series nearest the cursor.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import type { JSX } from 'preact'
import uPlot from 'uplot'
import type { MatrixSeries } from '../lib/api-types.js'
import { formatAxisValue, formatSeries } from '../lib/format.js'
import { formatTime } from '../lib/time.js'
import { isoDateTemplate } from './axis-dates.js'
import { alignMatrix, isolatedPoints, seriesColor, stackColumns, type AlignedColumns } from './graph-data.js'
import { allVisible, legendClick } from './legend.js'
import { drawExemplars, exemplarAtCursor, renderExemplarTooltip } from './exemplar-layer.js'
import type { ExemplarPoint } from './exemplar-points.js'

/** What the graph draws. */
export interface GraphViewProps {
  series: MatrixSeries[]
  startSec: number
  endSec: number
  stepSec: number
  stacked: boolean
  /** Exemplars drawn over the lines (show_exemplars); none when absent. */
  exemplars?: readonly ExemplarPoint[]
}

const HEIGHT = 320

const NO_EXEMPLARS: readonly ExemplarPoint[] = []

/** The performance mark set when the page's first graph has been drawn (read by bench/ui). */
export const FIRST_GRAPH_MARK = 'watchfire:first-graph'

// Marks the draw on the box (tests wait for it) and, once per page, on the performance timeline.
function markDrawn(el: HTMLElement): void {
  el.dataset.drawn = String(Number(el.dataset.drawn ?? '0') + 1)
  if (performance.getEntriesByName(FIRST_GRAPH_MARK).length === 0) performance.mark(FIRST_GRAPH_MARK)
}

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888'
}

function withAlpha(hsl: string, alpha: number): string {
  return hsl.replace('hsl(', 'hsla(').replace(')', `, ${alpha})`)
}

/** The chart plus its legend; the legend is ours (not uPlot's) so it is keyboard-reachable and testable. */
export function GraphView({
  series,
  startSec,
  endSec,
  stepSec,
  stacked,
  exemplars = NO_EXEMPLARS,
}: GraphViewProps): JSX.Element {
  const box = useRef<HTMLDivElement>(null)
  const tip = useRef<HTMLDivElement>(null)
  const [visible, setVisible] = useState(() => allVisible(series.length))
  const names = useMemo(() => series.map((s) => formatSeries(s.metric)), [series])
  const raw = useMemo(
    () => alignMatrix(series, startSec, endSec, stepSec),
    [series, startSec, endSec, stepSec],
  )

  useEffect(() => setVisible(allVisible(series.length)), [series])

  useEffect(() => {
    const el = box.current
    if (el === null || visible.length !== series.length) return
    const drawn: AlignedColumns = stacked ? stackColumns(raw, visible) : raw
    const muted = cssVar('--muted')
    const grid = cssVar('--border')
    const seriesOpts: uPlot.Series[] = [{}]
    const bands: uPlot.Band[] = []
    let below = -1
    series.forEach((_, i) => {
      const color = seriesColor(i)
      seriesOpts.push({
        label: names[i] ?? '',
        stroke: color,
        width: 1.5,
        show: visible[i] ?? true,
        points: { filter: (u, s, show) => (show ? null : isolatedPoints(u.data[s] ?? [])) },
        fill: stacked ? withAlpha(color, 0.35) : undefined,
        spanGaps: false,
      })
      if (stacked && visible[i] === true) {
        if (below >= 0) bands.push({ series: [i + 1, below + 1] })
        below = i
      }
    })
    const axis = { stroke: muted, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } }
    const opts: uPlot.Options = {
      width: Math.max(el.clientWidth, 200),
      height: HEIGHT,
      series: seriesOpts,
      bands,
      legend: { show: false },
      scales: {
        x: { time: true, range: [startSec, endSec] },
        // Stacked areas are filled down to zero, so zero must be on the scale.
        y: stacked ? { range: (_u, min, max) => uPlot.rangeNum(Math.min(0, min), max, 0.1, true) } : {},
      },
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      fmtDate: (tpl) => uPlot.fmtDate(isoDateTemplate(tpl)),
      // Time labels need room (`2026-11-26 08:34`, `:50`): wider spacing keeps short ranges on whole seconds.
      axes: [
        { ...axis, space: 90 },
        { ...axis, size: 70, values: (_u, vals) => vals.map((v) => formatAxisValue(v)) },
      ],
      cursor: { focus: { prox: 30 }, drag: { x: true, y: false } },
      focus: { alpha: 0.4 },
      hooks: {
        setCursor: [
          (u) => {
            const hit = exemplarAtCursor(u, exemplars)
            if (hit === undefined || tip.current === null) return showTooltip(u, tip.current, raw, names)
            renderExemplarTooltip(tip.current, hit)
            placeTooltip(u, tip.current)
          },
        ],
        draw: [drawExemplars(exemplars, cssVar('--fg')), () => markDrawn(el)],
      },
    }
    const plot = new uPlot(opts, drawn as uPlot.AlignedData, el)
    el.dataset.seriesCount = String(plot.series.length - 1)
    el.dataset.visibleCount = String(visible.filter(Boolean).length)
    el.dataset.exemplarCount = String(exemplars.length)
    const ro = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(el.clientWidth, 200), height: HEIGHT }),
    )
    ro.observe(el)
    return () => {
      ro.disconnect()
      plot.destroy()
    }
  }, [raw, names, stacked, visible, series, startSec, endSec, exemplars])

  return (
    <div>
      <div
        class="graph-box"
        ref={box}
        data-testid="graph"
        onMouseLeave={() => tip.current?.setAttribute('hidden', '')}
      >
        <div class="tooltip" ref={tip} hidden role="tooltip" />
      </div>
      <ul class="legend" aria-label="Series (click to show only one, Ctrl-click to toggle)">
        {names.map((name, i) => (
          <li key={i}>
            <button
              type="button"
              aria-pressed={visible[i] ?? true}
              onClick={(e) => setVisible((v) => legendClick(v, i, e.ctrlKey || e.metaKey))}
            >
              <span class="swatch" style={{ background: seriesColor(i) }} />
              <span class="mono">{name}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  )
}

// The tooltip shows the raw (unstacked) value of the series whose line is closest to the cursor.
function showTooltip(u: uPlot, tip: HTMLDivElement | null, raw: AlignedColumns, names: string[]): void {
  if (tip === null) return
  const idx = u.cursor.idx
  const top = u.cursor.top ?? -1
  const left = u.cursor.left ?? -1
  if (idx === null || idx === undefined || top < 0 || left < 0) {
    tip.hidden = true
    return
  }
  let best = -1
  let bestDist = Infinity
  for (let s = 1; s < u.series.length; s++) {
    if (u.series[s]?.show === false) continue
    const y = u.data[s]?.[idx]
    if (y === null || y === undefined) continue
    const d = Math.abs(u.valToPos(y, 'y') - top)
    if (d < bestDist) {
      bestDist = d
      best = s
    }
  }
  const t = raw[0][idx]
  const v = best > 0 ? raw[best]?.[idx] : undefined
  if (best < 0 || t === undefined || v === undefined || v === null) {
    tip.hidden = true
    return
  }
  tip.replaceChildren()
  const head = document.createElement('div')
  head.className = 'muted'
  head.textContent = formatTime(t * 1000)
  const name = document.createElement('div')
  name.className = 'mono'
  name.textContent = names[best - 1] ?? ''
  const value = document.createElement('div')
  value.innerHTML = '<strong>value:</strong> '
  value.append(formatAxisValue(v))
  tip.append(head, name, value)
  placeTooltip(u, tip)
}

// Next to the cursor, flipped to its left near the right edge.
function placeTooltip(u: uPlot, tip: HTMLDivElement): void {
  const left = u.cursor.left ?? 0
  const top = u.cursor.top ?? 0
  tip.hidden = false
  const boxWidth = u.over.clientWidth
  const x = u.over.offsetLeft + left
  tip.style.left = `${x + 12 + 300 > boxWidth ? Math.max(0, x - 312) : x + 12}px`
  tip.style.top = `${u.over.offsetTop + top + 12}px`
}
