import { compileAnchoredRegex, isValidLabelName } from '@watchfire/model'
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

/** Go's Regexp.ExpandString: `$1`, `${1}`, `$name`, `${name}`, `$$`; unknown groups expand to nothing. */
export function expandTemplate(template: string, m: RegExpExecArray): string {
  let out = ''
  for (let i = 0; i < template.length; i++) {
    const c = template[i] as string
    if (c !== '$' || i + 1 >= template.length) {
      out += c
      continue
    }
    const next = template[i + 1] as string
    if (next === '$') {
      out += '$'
      i++
      continue
    }
    let name: string
    let end: number
    if (next === '{') {
      const close = template.indexOf('}', i + 2)
      const inner = close < 0 ? '' : template.slice(i + 2, close)
      if (close < 0 || !/^[A-Za-z0-9_]+$/.test(inner)) {
        out += c
        continue
      }
      name = inner
      end = close
    } else {
      const word = /^[A-Za-z0-9_]+/.exec(template.slice(i + 1))
      if (word === null) {
        out += c
        continue
      }
      name = word[0]
      end = i + name.length
    }
    if (/^[0-9]+$/.test(name)) out += m[Number(name)] ?? ''
    else out += m.groups?.[name] ?? ''
    i = end
  }
  return out
}

/** `label_replace(v, dst, replacement, src, regex)`. */
export async function evalLabelReplace(ev: Evaluator, args: readonly Expr[]): Promise<EvalMatrix> {
  const dst = stringArg(args[1])
  const repl = stringArg(args[2])
  const src = stringArg(args[3])
  const pattern = stringArg(args[4])
  let regex: RegExp
  try {
    compileAnchoredRegex(pattern)
    regex = new RegExp(`^(?:${pattern.replace(/\(\?P</g, '(?<')})$`, 'su')
  } catch {
    throw evalError(`invalid regular expression in label_replace(): ${pattern}`)
  }
  if (!isValidLabelName(dst)) throw evalError(`invalid destination label name in label_replace(): ${dst}`)
  const mat = await ev.matrix(args[0] as Expr)
  for (const s of mat) {
    const m = regex.exec(s.metric.get(src))
    if (m === null) continue
    s.metric = s.metric.with(dst, expandTemplate(repl, m))
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
