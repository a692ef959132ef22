import { children, type DurationNode, type Expr } from './ast.js'
import type { TokenStream } from './token-stream.js'

/**
 * The deepest expression accepted. Prometheus sets no limit, but this parser, the type checker, the
 * printer and the engine recurse once per level, so a deeper query would overflow the stack (a
 * RangeError) instead of failing as a parse error.
 */
export const MAX_NESTING = 1000

/** The error detail for a query nested deeper than {@link MAX_NESTING}. */
export const TOO_DEEP = `expression nests too deeply (more than ${MAX_NESTING} levels)`

type Node = Expr | DurationNode

/** Sub-expressions and the duration expressions of ranges, steps and offsets. */
function below(node: Node): Node[] {
  if (node.type === 'DurationExpr') {
    const out: Node[] = []
    if (node.lhs !== null) out.push(node.lhs)
    if (node.rhs !== null) out.push(node.rhs)
    return out
  }
  const out: Node[] = [...children(node)]
  for (const key of ['offsetExpr', 'rangeExpr', 'stepExpr'] as const) {
    const d = (node as Partial<Record<typeof key, DurationNode | null>>)[key]
    if (d !== undefined && d !== null) out.push(d)
  }
  return out
}

/**
 * Fails if the tree is deeper than {@link MAX_NESTING}. Long operator chains (`a + b + c …`) parse in
 * a loop but still make a deep tree, so the depth is measured here, without recursion.
 */
export function checkNesting(ts: TokenStream, root: Expr): void {
  const stack: Array<[Node, number]> = [[root, 1]]
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [node, depth] = top
    if (depth > MAX_NESTING) ts.fail(node.pos, TOO_DEEP)
    for (const child of below(node)) stack.push([child, depth + 1])
  }
}
