import { Matcher, type Labels } from '@watchfire/model'
import { isStaleNaN } from '@watchfire/storage'
import type { Call, Expr, VectorSelector } from '../parser/ast.js'
import { children } from '../parser/ast.js'
import { evalError } from './errors.js'
import type { EvalMatrix, EvalSample, EvalSeries, EvalVector } from './eval-types.js'
import type { Evaluator } from './evaluator.js'
import { lastAtOrBefore, lastPointAtOrBefore, type StoredSeries } from './stored-series.js'

/**
 * The experimental `info(v, {selector})` function after Prometheus's info.go: each series of `v`
 * gains the data labels of the info series (target_info by default) that share its identifying
 * labels (`instance`, `job`). When info series of one name conflict at a step, the one with the
 * newest sample wins.
 */

const IDENTIFYING = ['instance', 'job'] as const
const NAME = '__name__'
const TARGET_INFO = new Matcher('=', NAME, 'target_info')
const ANY_INFO = new Matcher('=~', NAME, '.+_info')

/** The label selector argument's matchers, or none. */
function selectorMatchers(call: Call): readonly Matcher[] {
  let arg = call.args[1]
  while (arg?.type === 'ParenExpr') arg = arg.expr
  return arg?.type === 'VectorSelector' ? arg.matchers : []
}

/**
 * The `__name__` matchers info series are selected by: as given when one is positive, all
 * negative ones limited to `*_info` names, target_info without any.
 */
function effectiveNameMatchers(nameMatchers: readonly Matcher[]): Matcher[] {
  if (nameMatchers.some((m) => m.type === '=' || m.type === '=~')) return [...nameMatchers]
  if (nameMatchers.length > 0) return [ANY_INFO, ...nameMatchers]
  return [TARGET_INFO]
}

const selectors = new WeakMap<Call, VectorSelector>()

/**
 * The selector of the info series an info() call may join: its name matchers and data-label
 * matchers. The engine selects it like any other selector (one per call), over the range
 * {@link infoTimeRange} gives.
 */
export function infoSelector(call: Call): VectorSelector {
  let sel = selectors.get(call)
  if (sel === undefined) {
    const given = selectorMatchers(call)
    const hasSelector = call.args.length > 1
    const names = hasSelector ? given.filter((m) => m.name === NAME) : []
    sel = {
      type: 'VectorSelector',
      name: '',
      matchers: [...given.filter((m) => m.name !== NAME), ...effectiveNameMatchers(names)],
      offsetMs: 0,
      offsetExpr: null,
      atMs: null,
      atStartOrEnd: null,
      anchored: false,
      smoothed: false,
      pos: call.pos,
    }
    selectors.set(call, sel)
  }
  return sel
}

function firstSelector(e: Expr): VectorSelector | undefined {
  if (e.type === 'VectorSelector') return e
  for (const c of children(e)) {
    const found = firstSelector(c)
    if (found !== undefined) return found
  }
  return undefined
}

/**
 * The time range info series are read over, given the evaluation range of the call: Prometheus
 * applies the `@` and `offset` of the first selector inside the call's argument to it, but then
 * evaluates the info series at the step times without an offset.
 */
export function infoTimeRange(
  call: Call,
  startMs: number,
  endMs: number,
  lookbackMs: number,
): { start: number; end: number } {
  const inner = call.args[0] === undefined ? undefined : firstSelector(call.args[0])
  let start = startMs
  let end = endMs
  if (inner?.atMs !== null && inner?.atMs !== undefined) start = end = inner.atMs
  const offset = inner?.offsetMs ?? 0
  return { start: start - (lookbackMs - 1) - offset, end: end - offset }
}

/** `__name__` plus the identifying labels a series has: what info series and base series join on. */
function signature(name: string, l: Labels): string {
  let sig = name
  for (const id of IDENTIFYING) if (l.has(id)) sig += `\xff${id}\xff${l.get(id)}`
  return sig
}

/**
 * The info series' values at every step: the timestamp of the sample the lookback finds, which
 * decides which of two conflicting info series is newer.
 */
function infoMatrix(ev: Evaluator, stored: readonly StoredSeries[]): EvalMatrix {
  const lookback = ev.ctx.lookbackMs
  const out: EvalMatrix = []
  for (const s of stored) {
    const ss: EvalSeries = { metric: s.labels, floats: [], histograms: [], dropName: false }
    for (let ts = ev.startMs; ts <= ev.endMs; ts += ev.intervalMs) {
      const fi = lastAtOrBefore(s.ft, s.fn, ts)
      const hi = lastPointAtOrBefore(s.histograms, ts)
      const ft = fi < 0 ? -Infinity : (s.ft[fi] as number)
      const ht = hi < 0 ? -Infinity : (s.histograms[hi] as { t: number }).t
      if (Math.max(ft, ht) <= ts - lookback) continue
      if (ht > ft) throw evalError('info sample should be float')
      if (isStaleNaN(s.fv[fi] as number)) continue
      ss.floats.push({ t: ts, f: ft })
    }
    if (ss.floats.length > 0) out.push(ss)
  }
  return out
}

/** Evaluates `info(v)` or `info(v, {selector})`. */
export async function evalInfo(ev: Evaluator, call: Call): Promise<EvalMatrix> {
  const base = await ev.matrix(call.args[0] as Expr)
  const given = selectorMatchers(call)
  const hasSelector = call.args.length > 1
  const nameMatchers = effectiveNameMatchers(hasSelector ? given.filter((m) => m.name === NAME) : [])
  // Only data-label matchers decide which labels are added and whether unmatched series stay.
  const dataMatchers = given.filter((m) => m.name !== NAME)
  const dataNames = new Set(dataMatchers.map((m) => m.name))
  const allMatchEmpty = dataMatchers.every((m) => m.matchesEmpty())
  // Info series themselves are not enriched.
  const ignored = new Set<Labels>()
  const idValues = new Map<string, Set<string>>()
  for (const s of base) {
    const name = s.metric.get(NAME)
    if (nameMatchers.every((m) => m.matches(name))) {
      ignored.add(s.metric)
      continue
    }
    for (const id of IDENTIFYING) {
      const v = s.metric.get(id)
      if (v === '') continue
      let set = idValues.get(id)
      if (set === undefined) idValues.set(id, (set = new Set()))
      set.add(v)
    }
  }
  const candidates =
    idValues.size === 0
      ? []
      : (ev.ctx.series.get(infoSelector(call)) ?? []).filter((s) =>
          [...idValues].every(([id, values]) => values.has(s.labels.get(id))),
        )
  const info = infoMatrix(ev, candidates)
  const infoNames = [...new Set(info.map((s) => s.metric.get(NAME)))]
  const baseSigs = new Map<Labels, string[]>()
  const infoSigs = new Map<Labels, string>()
  for (const s of base)
    baseSigs.set(
      s.metric,
      infoNames.map((n) => signature(n, s.metric)),
    )
  for (const s of info) infoSigs.set(s.metric, signature(s.metric.get(NAME), s.metric))
  const bySig = new Map<string, EvalSample>()
  return ev.rangeEvalMatrices([base, info], (vectors) => {
    const [baseVec, infoVec] = vectors as [EvalVector, EvalVector]
    if (baseVec.length === 0) return []
    bySig.clear()
    for (const s of infoVec) {
      const sig = infoSigs.get(s.metric) as string
      const existing = bySig.get(sig)
      if (existing === undefined || existing.f < s.f) bySig.set(sig, s)
      else if (existing.f === s.f) {
        throw evalError(
          `found duplicate series for info metric: existing ${existing.metric.toString()} @ ${existing.f}, new ${s.metric.toString()} @ ${s.f}`,
        )
      }
    }
    const out: EvalVector = []
    for (const b of baseVec) {
      if (ignored.has(b.metric)) {
        out.push({ ...b })
        continue
      }
      const added = new Map<string, string>()
      let matched = false
      for (const sig of baseSigs.get(b.metric) ?? []) {
        const is = bySig.get(sig)
        if (is === undefined) continue
        matched = true
        is.metric.forEach((name, value) => {
          if (name === NAME || (dataNames.size > 0 && !dataNames.has(name))) return
          const prev = added.get(name)
          if (prev !== undefined && prev !== value) throw evalError(`conflicting label: ${name}`)
          if (!b.metric.has(name)) added.set(name, value)
        })
      }
      if (!matched && !allMatchEmpty) continue
      let metric = b.metric
      for (const [name, value] of added) metric = metric.with(name, value)
      out.push({ metric, f: b.f, h: b.h, dropName: b.dropName })
    }
    return out
  })
}
