import type { Querier, SelectHints } from '@watchfire/storage'
import type { Expr, SubqueryExpr, VectorSelector } from '../parser/ast.js'
import type { QueryLimits } from './limits.js'
import type { QueryTimes } from './prepare.js'
import { readSeries, type StoredSeries } from './stored-series.js'

/** What a selector needs from storage. */
interface SelectorRange {
  node: VectorSelector
  mint: number
  maxt: number
  hints: SelectHints
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
      out.push({ node, mint: start, maxt: end, hints })
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

/** Selects and reads every selector's series; returns them by selector node and the storage warnings. */
export function populateSeries(
  querier: Querier,
  ranges: readonly SelectorRange[],
  limits: QueryLimits,
): { series: Map<VectorSelector, StoredSeries[]>; warnings: string[] } {
  const series = new Map<VectorSelector, StoredSeries[]>()
  const warnings: string[] = []
  for (const r of ranges) {
    const set = querier.select(true, r.hints, ...r.node.matchers)
    const list: StoredSeries[] = []
    while (set.next()) {
      limits.check()
      const s = set.at()
      const stored = readSeries(s.labels, s.iterator(), r.mint, r.maxt)
      if (stored.size > 0) list.push(stored)
    }
    const err = set.err()
    if (err !== undefined) throw err
    warnings.push(...set.warnings())
    series.set(r.node, list)
  }
  return { series, warnings }
}
