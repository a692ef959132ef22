import type { Node } from '../parse/ast.js'
import { nodeString } from '../parse/ast.js'
import type { ParsedTree } from '../parse/parser.js'

/**
 * Where a node sits, as Go's Template.ErrorContext reports it: `name:line:col` (the column is
 * 0-based, and on the first line it is the offset in the text) and the node's source, cut at 20
 * characters.
 */
export function errorContext(tree: ParsedTree, node: Node): { location: string; context: string } {
  const before = tree.text.slice(0, node.pos)
  const lastNewline = before.lastIndexOf('\n')
  const col = lastNewline < 0 ? node.pos : node.pos - (lastNewline + 1)
  const line = 1 + (before.match(/\n/g)?.length ?? 0)
  let context = nodeString(node)
  const chars = [...context]
  if (chars.length > 20) context = chars.slice(0, 20).join('') + '...'
  return { location: `${tree.parseName}:${line}:${col}`, context }
}
