import { Labels, type NativeHistogram } from '@watchfire/model'
import type { BinaryExpr, BinaryOp, VectorMatching } from '../parser/ast.js'
import { typeOf } from '../parser/ast.js'
import { evalError } from './errors.js'
import type { EvalMatrix, EvalSample, EvalVector } from './eval-types.js'
import type { Evaluator } from './evaluator.js'
import {
  IncompatibleHistogramSchemaError,
  addHistograms,
  compactHistogram,
  divideHistogram,
  histogramsEqual,
  scaleHistogram,
} from './kernels/float-histogram.js'
import { ANNOTATIONS } from './kernels/annotation-texts.js'
import { trimHistogram } from './kernels/histogram-trim.js'

const COMPARISON = new Set<BinaryOp>(['==', '!=', '>', '<', '>=', '<='])
const SCHEMA_CHANGING = new Set<BinaryOp>(['+', '-', '*', '/', '%', '^', 'atan2'])

/** Go's math.Mod: the result has the sign of the dividend (same as JS `%`). */
function scalarOp(op: BinaryOp, l: number, r: number): number {
  switch (op) {
    case '+':
      return l + r
    case '-':
      return l - r
    case '*':
      return l * r
    case '/':
      return l / r
    case '^':
      return l ** r
    case '%':
      return l % r
    case 'atan2':
      return Math.atan2(l, r)
    case '==':
      return l === r ? 1 : 0
    case '!=':
      return l !== r ? 1 : 0
    case '>':
      return l > r ? 1 : 0
    case '<':
      return l < r ? 1 : 0
    case '>=':
      return l >= r ? 1 : 0
    case '<=':
      return l <= r ? 1 : 0
    default:
      return NaN
  }
}

/** Result of one element operation; `keep` false filters the element (or signals an incompatibility). */
interface ElemResult {
  f: number
  h: NativeHistogram | undefined
  keep: boolean
  /** The operand types do not combine: the element is dropped even with `bool`. */
  failed: boolean
}

const elem: ElemResult = { f: 0, h: undefined, keep: false, failed: false }

function typeName(h: NativeHistogram | undefined): string {
  return h === undefined ? 'float' : 'histogram'
}

/**
 * One element-wise operation (vectorElemBinop). Float/histogram combinations PromQL does not
 * define yield keep=false and an info annotation.
 */
function elemOp(
  ev: Evaluator,
  node: BinaryExpr,
  l: number,
  r: number,
  hl: NativeHistogram | undefined,
  hr: NativeHistogram | undefined,
): ElemResult {
  const op = node.op
  const a = ev.ctx.annotations
  elem.h = undefined
  elem.keep = true
  elem.failed = false
  if (hl === undefined && hr === undefined) {
    if (op === '</' || op === '>/') return incompatible(ev, node, hl, hr)
    if (COMPARISON.has(op)) {
      elem.f = l
      elem.keep = scalarOp(op, l, r) === 1
      return elem
    }
    elem.f = scalarOp(op, l, r)
    return elem
  }
  if (hl === undefined && hr !== undefined) {
    if (op === '*') {
      elem.h = compactHistogram(scaleHistogram(hr, l))
      return elem
    }
    return incompatible(ev, node, hl, hr)
  }
  if (hl !== undefined && hr === undefined) {
    if (op === '*') elem.h = compactHistogram(scaleHistogram(hl, r))
    else if (op === '/') elem.h = compactHistogram(divideHistogram(hl, r))
    else if (op === '</' || op === '>/') elem.h = trimHistogram(hl, r, op === '</')
    else return incompatible(ev, node, hl, hr)
    return elem
  }
  const x = hl as NativeHistogram
  const y = hr as NativeHistogram
  switch (op) {
    case '+':
    case '-': {
      try {
        const res = addHistograms(x, y, op === '+' ? 1 : -1)
        const operation = op === '+' ? 'addition' : 'subtraction'
        if (res.counterResetCollision) a.sink(node.pos).warn(ANNOTATIONS.counterResetCollision(operation))
        if (res.customBoundsReconciled) a.sink(node.pos).info(ANNOTATIONS.mismatchedCustomBuckets(operation))
        elem.h = compactHistogram(res.h)
        if (op === '-') elem.h.counterResetHint = 'gauge'
      } catch (err) {
        if (!(err instanceof IncompatibleHistogramSchemaError)) throw err
        a.warn(`incompatible bucket layout encountered for binary operator ${op}`, node.pos)
        elem.keep = false
        elem.failed = true
      }
      return elem
    }
    case '==':
      elem.h = x
      elem.keep = histogramsEqual(x, y)
      return elem
    case '!=':
      elem.h = x
      elem.keep = !histogramsEqual(x, y)
      return elem
    default:
      return incompatible(ev, node, hl, hr)
  }
}

function incompatible(
  ev: Evaluator,
  node: BinaryExpr,
  hl: NativeHistogram | undefined,
  hr: NativeHistogram | undefined,
): ElemResult {
  ev.ctx.annotations.info(
    `incompatible sample types encountered for binary operator ${JSON.stringify(node.op)}: ${typeName(hl)} ${node.op} ${typeName(hr)}`,
    node.pos,
  )
  elem.keep = false
  elem.failed = true
  elem.f = 0
  elem.h = undefined
  return elem
}

/** Signature of a series for matching: its `on` labels, or all but the `ignoring` labels and `__name__`. */
function signatureFn(m: VectorMatching): (l: Labels) => string {
  const cache = new WeakMap<Labels, string>()
  const names = new Set(m.matchingLabels)
  if (!m.on) names.add('__name__')
  return (l) => {
    let sig = cache.get(l)
    if (sig !== undefined) return sig
    const parts: string[] = []
    const flat = l.toFlat()
    for (let i = 0; i < flat.length; i += 2) {
      if (names.has(flat[i] as string) === m.on) parts.push(flat[i] as string, flat[i + 1] as string)
    }
    sig = parts.join('\xff')
    cache.set(l, sig)
    return sig
  }
}

function matchLabels(l: Labels, m: VectorMatching): Labels {
  return m.on ? l.keep(...m.matchingLabels) : l.without(...m.matchingLabels, '__name__')
}

/** Evaluates a binary operation of any operand types. */
export async function evalBinary(ev: Evaluator, node: BinaryExpr): Promise<EvalMatrix> {
  const lt = typeOf(node.lhs)
  const rt = typeOf(node.rhs)
  if (lt === 'scalar' && rt === 'scalar') {
    return ev.rangeEval([node.lhs, node.rhs], (v) => {
      const l = (v[0] as EvalVector)[0]?.f ?? NaN
      const r = (v[1] as EvalVector)[0]?.f ?? NaN
      return [{ metric: Labels.EMPTY, f: scalarOp(node.op, l, r), h: undefined, dropName: false }]
    })
  }
  if (lt === 'vector' && rt === 'vector') {
    const m = node.vectorMatching as VectorMatching
    const sig = signatureFn(m)
    switch (node.op) {
      case 'and':
        return ev.rangeEval([node.lhs, node.rhs], (v) =>
          vectorAnd(v[0] as EvalVector, v[1] as EvalVector, sig),
        )
      case 'or':
        return ev.rangeEval([node.lhs, node.rhs], (v) =>
          vectorOr(v[0] as EvalVector, v[1] as EvalVector, sig),
        )
      case 'unless':
        return ev.rangeEval([node.lhs, node.rhs], (v) =>
          vectorUnless(v[0] as EvalVector, v[1] as EvalVector, sig),
        )
      default: {
        const resultCache: ResultCache = new WeakMap()
        return ev.rangeEval([node.lhs, node.rhs], (v) =>
          vectorBinop(ev, node, m, v[0] as EvalVector, v[1] as EvalVector, sig, resultCache),
        )
      }
    }
  }
  const swap = lt === 'scalar'
  return ev.rangeEval([node.lhs, node.rhs], (v) => {
    const vec = (swap ? v[1] : v[0]) as EvalVector
    const scalar = (swap ? v[0] : v[1]) as EvalVector
    return vectorScalar(ev, node, vec, scalar[0]?.f ?? NaN, swap)
  })
}

function vectorScalar(
  ev: Evaluator,
  node: BinaryExpr,
  vec: EvalVector,
  s: number,
  swap: boolean,
): EvalVector {
  const out: EvalVector = []
  const cmp = COMPARISON.has(node.op)
  for (const smp of vec) {
    const l = swap ? s : smp.f
    const r = swap ? smp.f : s
    const hl = swap ? undefined : smp.h
    const hr = swap ? smp.h : undefined
    const res = elemOp(ev, node, l, r, hl, hr)
    if (res.failed) continue
    let f = res.f
    let h = res.h
    let keep = res.keep
    if (cmp && swap) {
      f = r
      h = hr
    }
    if (node.returnBool) {
      f = keep ? 1 : 0
      h = undefined
      keep = true
    }
    if (!keep) continue
    const drop = SCHEMA_CHANGING.has(node.op) || node.returnBool
    out.push({ metric: smp.metric, f, h, dropName: smp.dropName || drop })
  }
  return out
}

function vectorAnd(lhs: EvalVector, rhs: EvalVector, sig: (l: Labels) => string): EvalVector {
  if (lhs.length === 0 || rhs.length === 0) return []
  const right = new Set<string>()
  for (const s of rhs) right.add(sig(s.metric))
  return lhs.filter((s) => right.has(sig(s.metric)))
}

function vectorOr(lhs: EvalVector, rhs: EvalVector, sig: (l: Labels) => string): EvalVector {
  if (lhs.length === 0) return rhs.slice()
  if (rhs.length === 0) return lhs.slice()
  const left = new Set<string>()
  for (const s of lhs) left.add(sig(s.metric))
  const out = lhs.slice()
  for (const s of rhs) if (!left.has(sig(s.metric))) out.push(s)
  return out
}

function vectorUnless(lhs: EvalVector, rhs: EvalVector, sig: (l: Labels) => string): EvalVector {
  if (lhs.length === 0 || rhs.length === 0) return lhs.slice()
  const right = new Set<string>()
  for (const s of rhs) right.add(sig(s.metric))
  return lhs.filter((s) => !right.has(sig(s.metric)))
}

/**
 * Result labels by operand label sets, keyed by identity: the same series meet at every step, and
 * weak keys let label sets made for fill values go with their step.
 */
type ResultCache = WeakMap<Labels, WeakMap<Labels, Labels>>

/** Flat label keys of result metrics (for the many-to-many uniqueness check), by identity. */
const flatKeys = new WeakMap<Labels, string>()

function flatKey(l: Labels): string {
  let key = flatKeys.get(l)
  if (key === undefined) {
    key = l.toFlat().join('\xff')
    flatKeys.set(l, key)
  }
  return key
}

function resultMetric(
  node: BinaryExpr,
  m: VectorMatching,
  lhs: Labels,
  rhs: Labels,
  cache: ResultCache,
): Labels {
  let byRhs = cache.get(lhs)
  if (byRhs === undefined) {
    byRhs = new WeakMap()
    cache.set(lhs, byRhs)
  }
  const hit = byRhs.get(rhs)
  if (hit !== undefined) return hit
  const record = lhs.toRecord()
  if (SCHEMA_CHANGING.has(node.op)) {
    delete record.__name__
    delete record.__type__
    delete record.__unit__
  }
  if (m.card === 'one-to-one') {
    if (m.on) {
      const keep = new Set(m.matchingLabels)
      for (const k of Object.keys(record)) if (!keep.has(k)) delete record[k]
    } else {
      for (const k of m.matchingLabels) delete record[k]
    }
  }
  for (const ln of m.include) {
    const v = rhs.get(ln)
    if (v !== '') record[ln] = v
    else delete record[ln]
  }
  const out = Labels.fromRecord(record)
  byRhs.set(rhs, out)
  return out
}

function vectorBinop(
  ev: Evaluator,
  node: BinaryExpr,
  m: VectorMatching,
  lhsIn: EvalVector,
  rhsIn: EvalVector,
  sig: (l: Labels) => string,
  cache: ResultCache,
): EvalVector {
  const fill = m.fillValues
  if (
    (lhsIn.length === 0 && rhsIn.length === 0) ||
    ((lhsIn.length === 0 || rhsIn.length === 0) && fill.lhs === null && fill.rhs === null)
  ) {
    return []
  }
  const oneToMany = m.card === 'one-to-many'
  const lhs = oneToMany ? rhsIn : lhsIn
  const rhs = oneToMany ? lhsIn : rhsIn
  const right = new Map<string, EvalSample>()
  for (const rs of rhs) {
    const s = sig(rs.metric)
    const dup = right.get(s)
    if (dup !== undefined) {
      let [d1, d2] = [rs.metric.toString(), dup.metric.toString()]
      if (d1 > d2) [d1, d2] = [d2, d1]
      throw evalError(
        `found duplicate series for the match group ${matchLabels(rs.metric, m).toString()} on the ${oneToMany ? 'left' : 'right'} hand-side of the operation: [${d1}, ${d2}];many-to-many matching not allowed: matching labels must be unique on one side`,
      )
    }
    right.set(s, rs)
  }
  const matchedOne = new Set<string>()
  const matchedMany = new Map<string, Set<string>>()
  const out: EvalVector = []
  const doOp = (ls: EvalSample, rs: EvalSample, s: string): void => {
    const res = oneToMany
      ? elemOp(ev, node, rs.f, ls.f, rs.h, ls.h)
      : elemOp(ev, node, ls.f, rs.f, ls.h, rs.h)
    if (res.failed) return
    let f = res.f
    let h = res.h
    if (node.returnBool) {
      h = undefined
      f = res.keep ? 1 : 0
    }
    const metric = resultMetric(node, m, ls.metric, rs.metric, cache)
    if (m.card === 'one-to-one') {
      if (matchedOne.has(s))
        throw evalError(
          'multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)',
        )
      matchedOne.add(s)
    } else {
      let inserted = matchedMany.get(s)
      if (inserted === undefined) matchedMany.set(s, (inserted = new Set()))
      const key = flatKey(metric)
      if (inserted.has(key))
        throw evalError('multiple matches for labels: grouping labels must ensure unique matches')
      inserted.add(key)
    }
    if (!res.keep && !node.returnBool) return
    out.push({ metric, f, h, dropName: node.returnBool })
  }
  for (const ls of lhs) {
    const s = sig(ls.metric)
    let rs = right.get(s)
    if (rs === undefined) {
      if (fill.rhs === null) continue
      rs = { metric: matchLabels(ls.metric, m), f: fill.rhs, h: undefined, dropName: false }
    }
    doOp(ls, rs, s)
  }
  if (fill.lhs !== null) {
    for (const rs of rhs) {
      const s = sig(rs.metric)
      if (m.card === 'one-to-one' ? matchedOne.has(s) : (matchedMany.get(s)?.size ?? 0) > 0) continue
      doOp({ metric: matchLabels(rs.metric, m), f: fill.lhs, h: undefined, dropName: false }, rs, s)
    }
  }
  return out
}
