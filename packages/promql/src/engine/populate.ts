import type { Querier, SelectHints } from '@watchfire/storage'
import type { Call, Expr, SubqueryExpr, VectorSelector } from '../parser/ast.js'
import { infoSelector, infoTimeRange } from './info-function.js'
import type { QueryLimits } from './limits.js'
import type { QueryTimes } from './prepare.js'
import type { HPoint } from '../value.js'
import { detectHistogramReset } from './kernels/counter-reset.js'
import { readSeries, type StoredSeries } from './stored-series.js'

/** What a selector needs from storage. */
interface SelectorRange {
  node: VectorSelector
  mint: number
  maxt: number
  hints: SelectHints
  /** Only histogram statistics are needed (Prometheus reads these through its HistogramStatsIterator). */
  statsOnly?: boolean
}

/**
 * Whether only count and sum of the selector's histograms are used: it sits under
 * histogram_count/sum/avg with no subquery, bucket-needing function or trim in between
 * (Prometheus's detectHistogramStatsDecoding).
 */
function histogramStatsOnly(path: readonly Expr[]): boolean {
  let statsOnly = false
  for (let i = path.length - 1; i >= 0; i--) {
    const n = path[i] as Expr
    if (n.type === 'SubqueryExpr') return false
    if (n.type === 'BinaryExpr' && (n.op === '</' || n.op === '>/')) return false
    if (n.type !== 'Call') continue
    const name = n.func.name
    if (name === 'histogram_count' || name === 'histogram_sum' || name === 'histogram_avg') statsOnly = true
    if (name === 'histogram_quantile' || name === 'histogram_quantiles' || name === 'histogram_fraction')
      return false
  }
  return statsOnly
}

/**
 * Counter-reset hints as Prometheus's HistogramStatsIterator yields them: an "unknown" hint of a
 * histogram that follows another one in the read is replaced by the outcome of reset detection
 * against it, so aggregations see resets (and conflicts) that bucket-less reads could not find.
 */
function resolveUnknownHints(histograms: readonly HPoint[]): void {
  for (let i = 1; i < histograms.length; i++) {
    const p = histograms[i] as HPoint
    if ((p.h.counterResetHint ?? 'unknown') !== 'unknown') continue
    const prev = (histograms[i - 1] as HPoint).h
    p.h.counterResetHint = detectHistogramReset(p.h, prev) ? 'reset' : 'not-reset'
  }
}

/** Offsets and ranges of the enclosing subqueries, reset by a subquery `@` (subqueryTimes). */
function subqueryTimes(path: readonly Expr[]): { offset: number; range: number; at: number | null } {
  let offset = 0
  let range = 0
  let at: number | null = null
  for (const n of path) {
    if (n.type !== 'SubqueryExpr') continue
    const s: SubqueryExpr = n
    offset += s.offsetMs
    range += s.rangeMs
    if (s.atMs !== null) {
      offset = s.offsetMs
      range = s.rangeMs
      at = s.atMs
    }
  }
  return { offset, range, at }
}

function funcOfPath(path: readonly Expr[]): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    const n = path[i] as Expr
    if (n.type === 'AggregateExpr') return n.op
    if (n.type === 'Call') return n.func.name
    if (n.type === 'BinaryExpr') return undefined
  }
  return undefined
}

/** The time range each selector reads (Prometheus's getTimeRangesForSelector, plus anchored/smoothed slack). */
export function selectorRanges(root: Expr, q: QueryTimes, lookbackMs: number): SelectorRange[] {
  const out: SelectorRange[] = []
  const infoRange = (call: Call, path: Expr[]): SelectorRange => {
    const sq = subqueryTimes(path)
    let start = q.startMs
    let end = q.endMs
    if (sq.at !== null) start = end = sq.at
    else {
      start -= sq.offset + sq.range
      end -= sq.offset
    }
    const r = infoTimeRange(call, start, end, lookbackMs)
    const hints: SelectHints = { start: r.start, end: r.end, step: q.stepMs, range: 0, func: 'info' }
    return { node: infoSelector(call), mint: r.start, maxt: r.end, hints }
  }
  const visit = (node: Expr, path: Expr[], evalRange: number): void => {
    if (node.type === 'VectorSelector') {
      let start = q.startMs
      let end = q.endMs
      const sq = subqueryTimes(path)
      if (sq.at !== null) start = end = sq.at
      if (node.atMs !== null) start = end = node.atMs
      else {
        start -= sq.offset + sq.range
        end -= sq.offset
      }
      start -= evalRange === 0 ? lookbackMs : evalRange
      if (node.anchored) start -= lookbackMs
      if (node.smoothed) {
        start -= lookbackMs
        end += lookbackMs
      }
      start -= node.offsetMs
      end -= node.offsetMs
      const hints: SelectHints = { start, end, step: q.stepMs, range: evalRange }
      const func = funcOfPath(path)
      if (func !== undefined) hints.func = func
      out.push({ node, mint: start, maxt: end, hints, statsOnly: histogramStatsOnly(path) })
      return
    }
    const next = [...path, node]
    switch (node.type) {
      case 'MatrixSelector':
        visit(node.vectorSelector, next, node.rangeMs)
        return
      case 'AggregateExpr':
        if (node.param !== null) visit(node.param, next, 0)
        visit(node.expr, next, 0)
        return
      case 'BinaryExpr':
        visit(node.lhs, next, 0)
        visit(node.rhs, next, 0)
        return
      case 'Call':
        if (node.func.name === 'info') {
          // The label-selector argument is no selector of its own: it shapes the info series'.
          if (node.args[0] !== undefined) visit(node.args[0], next, 0)
          out.push(infoRange(node, next))
          return
        }
        for (const a of node.args) visit(a, next, 0)
        return
      case 'ParenExpr':
      case 'UnaryExpr':
      case 'SubqueryExpr':
      case 'StepInvariantExpr':
        visit(node.expr, next, 0)
        return
      default:
        return
    }
  }
  visit(root, [], 0)
  return out
}

/**
 * Selects and reads every selector's series (with their start timestamps when `startTimestamps`);
 * returns them by selector node and the storage warnings.
 */
export function populateSeries(
  querier: Querier,
  ranges: readonly SelectorRange[],
  limits: QueryLimits,
  startTimestamps = false,
): { series: Map<VectorSelector, StoredSeries[]>; warnings: string[] } {
  const series = new Map<VectorSelector, StoredSeries[]>()
  const warnings: string[] = []
  for (const r of ranges) {
    const set = querier.select(true, r.hints, ...r.node.matchers)
    const list: StoredSeries[] = []
    while (set.next()) {
      limits.check()
      const s = set.at()
      const stored = readSeries(s.labels, s.iterator(), r.mint, r.maxt, startTimestamps)
      if (r.statsOnly === true) resolveUnknownHints(stored.histograms)
      if (stored.size > 0) list.push(stored)
    }
    const err = set.err()
    if (err !== undefined) throw err
    warnings.push(...set.warnings())
    series.set(r.node, list)
  }
  return { series, warnings }
}
