import { isValidLabelName } from '@watchfire/model'
import type { AggregateExpr } from '../parser/ast.js'
import { quoteString } from '../parser/strings.js'
import { formatHistogram } from '../value.js'
import { evalError } from './errors.js'
import type { EvalMatrix, EvalSample } from './eval-types.js'
import type { Evaluator } from './evaluator.js'
import { groupingFn } from './grouping.js'

/** Go's strconv.FormatFloat(f, 'f', -1, 64): shortest decimal, never in exponent form. */
export function formatFloatPlain(f: number): string {
  if (Number.isNaN(f)) return 'NaN'
  if (f === Infinity) return '+Inf'
  if (f === -Infinity) return '-Inf'
  const s = String(f)
  if (!/e/i.test(s)) return s
  const [mant, expText] = s.split('e') as [string, string]
  const exp = Number(expText)
  const neg = mant.startsWith('-')
  const digits = mant.replace('-', '').replace('.', '')
  const intLen = (mant.replace('-', '').split('.')[0] as string).length + exp
  let out: string
  if (intLen <= 0) out = `0.${'0'.repeat(-intLen)}${digits}`
  else if (intLen >= digits.length) out = digits + '0'.repeat(intLen - digits.length)
  else out = `${digits.slice(0, intLen)}.${digits.slice(intLen)}`
  return neg ? `-${out}` : out
}

/** `count_values("label", v)`: counts series per distinct value, the value becoming a label. */
export async function evalCountValues(ev: Evaluator, node: AggregateExpr): Promise<EvalMatrix> {
  const param = node.param
  const label = param !== null && param.type === 'StringLiteral' ? param.value : ''
  if (!isValidLabelName(label)) throw evalError(`invalid label name ${quoteString(label)}`)
  const grouping = node.without ? node.grouping : [...node.grouping, label]
  const group = groupingFn(grouping, node.without)
  return ev.rangeEval([node.expr], (v) => {
    const counts = new Map<string, EvalSample>()
    for (const s of v[0] ?? []) {
      const value = s.h === undefined ? formatFloatPlain(s.f) : formatHistogram(s.h)
      const g = group(s.metric.with(label, value))
      const key = g.toFlat().join('\xff')
      const hit = counts.get(key)
      if (hit === undefined) counts.set(key, { metric: g, f: 1, h: undefined, dropName: false })
      else hit.f++
    }
    return [...counts.values()]
  })
}
