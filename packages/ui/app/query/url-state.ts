// The expression browser's panels as URL parameters, in Prometheus's own `g<N>.<option>=…` scheme so that
// links copied from a Prometheus UI open here and the other way round.
import { formatDuration, parseDuration } from '../lib/duration.js'
import { formatTime, parseTime } from '../lib/time.js'

/** Which result view a panel shows. */
export type PanelTab = 'graph' | 'table'

/** Everything a panel's link reproduces. */
export interface PanelOptions {
  expr: string
  tab: PanelTab
  stacked: boolean
  showExemplars: boolean
  /** Graph range in milliseconds. */
  rangeMs: number
  /** Graph end time and table evaluation time; null means "now". */
  endMs: number | null
  /** Graph resolution in seconds; null lets the UI choose from the range and the plot's width. */
  stepSec: number | null
}

/** A new panel: a table, one hour of range, evaluated now (Prometheus 2.42's defaults). */
export function defaultPanel(): PanelOptions {
  return {
    expr: '',
    tab: 'table',
    stacked: false,
    showExemplars: false,
    rangeMs: 3_600_000,
    endMs: null,
    stepSec: null,
  }
}

const KEY_RE = /^g(\d+)\.([a-z_]+)$/

/** Reads the panels from a query string (`?g0.expr=…&g0.tab=1…`) in index order; empty when there are none. */
export function parsePanels(search: string): PanelOptions[] {
  const byIndex = new Map<number, PanelOptions>()
  for (const [key, value] of new URLSearchParams(search)) {
    const m = KEY_RE.exec(key)
    if (m === null) continue
    const index = Number(m[1])
    let panel = byIndex.get(index)
    if (panel === undefined) {
      panel = defaultPanel()
      byIndex.set(index, panel)
    }
    applyOption(panel, m[2] ?? '', value)
  }
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, p]) => p)
}

function applyOption(panel: PanelOptions, option: string, value: string): void {
  switch (option) {
    case 'expr':
      panel.expr = value
      break
    case 'tab':
      panel.tab = value === '0' ? 'graph' : 'table'
      break
    case 'stacked':
      panel.stacked = value === '1'
      break
    case 'show_exemplars':
      panel.showExemplars = value === '1'
      break
    case 'range_input': {
      const ms = parseDuration(value)
      if (ms !== undefined && ms > 0) panel.rangeMs = ms
      break
    }
    case 'end_input':
    case 'moment_input': {
      const ms = parseTime(value)
      if (ms !== undefined) panel.endMs = ms
      break
    }
    case 'step_input': {
      const step = Number(value)
      if (Number.isFinite(step) && step > 0) panel.stepSec = step
      break
    }
  }
}

/** Writes panels as a query string without the leading `?`, option order and encoding as Prometheus writes them. */
export function serializePanels(panels: readonly PanelOptions[]): string {
  const params = new URLSearchParams()
  panels.forEach((p, i) => {
    const k = `g${i}.`
    params.set(`${k}expr`, p.expr)
    params.set(`${k}tab`, p.tab === 'graph' ? '0' : '1')
    params.set(`${k}stacked`, p.stacked ? '1' : '0')
    params.set(`${k}show_exemplars`, p.showExemplars ? '1' : '0')
    params.set(`${k}range_input`, formatDuration(p.rangeMs))
    if (p.endMs !== null) {
      params.set(`${k}end_input`, formatTime(p.endMs))
      params.set(`${k}moment_input`, formatTime(p.endMs))
    }
    if (p.stepSec !== null) params.set(`${k}step_input`, String(p.stepSec))
  })
  return params.toString()
}
