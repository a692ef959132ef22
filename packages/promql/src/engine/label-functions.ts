import {
  compileCapturingRegex,
  expandTemplate,
  isValidLabelName,
  type CapturingRegex,
} from '@watchfire/model'
import type { Expr } from '../parser/ast.js'
import { evalError } from './errors.js'
import type { EvalMatrix } from './eval-types.js'
import type { Evaluator } from './evaluator.js'
import { mergeSameLabelset } from './name-removal.js'

function stringArg(e: Expr | undefined): string {
  let n = e
  while (n?.type === 'ParenExpr') n = n.expr
  return n?.type === 'StringLiteral' ? n.value : ''
}

/** `label_replace(v, dst, replacement, src, regex)`. */
export async function evalLabelReplace(ev: Evaluator, args: readonly Expr[]): Promise<EvalMatrix> {
  const dst = stringArg(args[1])
  const repl = stringArg(args[2])
  const src = stringArg(args[3])
  const pattern = stringArg(args[4])
  let compiled: CapturingRegex
  try {
    // RE2 semantics and linear time, as Prometheus's regexp: the pattern never runs as raw JavaScript.
    compiled = compileCapturingRegex(pattern)
  } catch {
    throw evalError(`invalid regular expression in label_replace(): ${pattern}`)
  }
  if (!isValidLabelName(dst)) throw evalError(`invalid destination label name in label_replace(): ${dst}`)
  const mat = await ev.matrix(args[0] as Expr)
  for (const s of mat) {
    const m = compiled.regex.exec(s.metric.get(src))
    if (m === null) continue
    s.metric = s.metric.with(dst, expandTemplate(repl, m, compiled.groupNames))
    if (dst === '__name__') s.dropName = false
  }
  return mergeSameLabelset(mat)
}

/** `label_join(v, dst, separator, src...)`. */
export async function evalLabelJoin(ev: Evaluator, args: readonly Expr[]): Promise<EvalMatrix> {
  const dst = stringArg(args[1])
  const sep = stringArg(args[2])
  const srcs = args.slice(3).map(stringArg)
  for (const s of srcs)
    if (!isValidLabelName(s)) throw evalError(`invalid source label name in label_join(): ${s}`)
  if (!isValidLabelName(dst)) throw evalError(`invalid destination label name in label_join(): ${dst}`)
  const mat = await ev.matrix(args[0] as Expr)
  for (const s of mat) {
    s.metric = s.metric.with(dst, srcs.map((n) => s.metric.get(n)).join(sep))
    if (dst === '__name__') s.dropName = false
  }
  return mergeSameLabelset(mat)
}
