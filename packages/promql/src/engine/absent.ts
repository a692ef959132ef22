import { Labels } from '@watchfire/model'
import type { Expr } from '../parser/ast.js'

/**
 * The labels `absent()`/`absent_over_time()` report: those fixed by exactly one equality matcher
 * (a label matched twice, or by another kind of matcher, is left out), never `__name__`.
 */
export function absentLabels(expr: Expr): Labels {
  let e = expr
  while (e.type === 'ParenExpr') e = e.expr
  const matchers =
    e.type === 'VectorSelector' ? e.matchers : e.type === 'MatrixSelector' ? e.vectorSelector.matchers : []
  const record: Record<string, string> = {}
  const has = new Set<string>()
  for (const m of matchers) {
    if (m.name === '__name__') continue
    if (m.type === '=' && !has.has(m.name)) {
      record[m.name] = m.value
      has.add(m.name)
    } else {
      delete record[m.name]
    }
  }
  return Labels.fromRecord(record)
}
