import { isMap, isScalar, isSeq, parseDocument, type Node as YamlAstNode } from 'yaml'
import { ConfigError } from '../errors.js'

/** A YAML value with the position and path needed to name it in an error. */
export type YNode =
  | { kind: 'map'; entries: [string, YNode][]; path: string; line: number }
  | { kind: 'seq'; items: YNode[]; path: string; line: number }
  | { kind: 'scalar'; text: string; isNull: boolean; quoted: boolean; path: string; line: number }

function lineOf(source: string, offset: number | undefined): number {
  if (offset === undefined) return 0
  let line = 1
  for (let i = 0; i < offset && i < source.length; i++) if (source.charCodeAt(i) === 10) line++
  return line
}

/** Parses YAML into a {@link YNode} tree; duplicate keys and syntax errors become a ConfigError. */
export function parseYaml(source: string): YNode | undefined {
  const doc = parseDocument(source, { uniqueKeys: true, prettyErrors: false, keepSourceTokens: false })
  const first = doc.errors[0]
  if (first !== undefined) {
    throw new ConfigError(`cannot parse YAML (line ${lineOf(source, first.pos[0])}: ${first.message})`)
  }
  if (doc.contents === null) return undefined
  const convert = (node: unknown, path: string): YNode => {
    const ast = node as YamlAstNode | null
    const line = lineOf(source, ast?.range?.[0])
    if (isMap(ast)) {
      const entries: [string, YNode][] = []
      for (const pair of ast.items) {
        const key = isScalar(pair.key) ? String(pair.key.source ?? pair.key.value) : String(pair.key)
        entries.push([key, convert(pair.value, path === '' ? key : `${path}.${key}`)])
      }
      return { kind: 'map', entries, path, line }
    }
    if (isSeq(ast)) {
      return { kind: 'seq', items: ast.items.map((item, i) => convert(item, `${path}[${i}]`)), path, line }
    }
    if (ast === null || ast === undefined)
      return { kind: 'scalar', text: '', isNull: true, quoted: false, path, line }
    if (isScalar(ast)) {
      const quoted = ast.type === 'QUOTE_DOUBLE' || ast.type === 'QUOTE_SINGLE'
      const isNull = !quoted && ast.value === null
      const text =
        quoted || typeof ast.value === 'string' ? String(ast.value) : (ast.source ?? String(ast.value))
      return { kind: 'scalar', text: isNull ? '' : text, isNull, quoted, path, line }
    }
    throw new ConfigError(`cannot read YAML value at ${path || 'top level'} (line ${line})`)
  }
  return convert(doc.contents, '')
}

/** `route.receiver (line 4)`: how errors name a field. */
export function where(node: YNode): string {
  return `${node.path || 'top level'}${node.line > 0 ? ` (line ${node.line})` : ''}`
}

/**
 * A map's fields, refusing any key not in `allowed` as the original's strict unmarshalling does. A null node
 * (an empty block) yields no fields.
 */
export function fields(node: YNode, allowed: readonly string[], type: string): Map<string, YNode> {
  const out = new Map<string, YNode>()
  if (node.kind === 'scalar' && node.isNull) return out
  if (node.kind !== 'map') throw new ConfigError(`expected a mapping for ${type} at ${where(node)}`)
  for (const [key, value] of node.entries) {
    if (!allowed.includes(key)) {
      throw new ConfigError(`field ${key} not found in type ${type} at ${where(value)}`)
    }
    out.set(key, value)
  }
  return out
}

/** A scalar as a string (`''` when absent or null); numbers and booleans keep their source text, like yaml.v2. */
export function str(node: YNode | undefined): string {
  if (node === undefined) return ''
  if (node.kind !== 'scalar') throw new ConfigError(`expected a string at ${where(node)}`)
  return node.text
}

const TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'])
const FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'])

/** A YAML 1.1 boolean (`true`, `yes`, `on`, …) or `fallback` when absent. */
export function bool(node: YNode | undefined, fallback: boolean): boolean {
  if (node === undefined || (node.kind === 'scalar' && node.isNull)) return fallback
  if (node.kind === 'scalar' && !node.quoted) {
    if (TRUE.has(node.text)) return true
    if (FALSE.has(node.text)) return false
  }
  throw new ConfigError(`expected a boolean at ${where(node)}`)
}

/** A non-negative integer, or `fallback` when absent. */
export function uint(node: YNode | undefined, fallback: number): number {
  if (node === undefined || (node.kind === 'scalar' && node.isNull)) return fallback
  if (node.kind === 'scalar' && /^\+?\d+$/.test(node.text)) return Number(node.text)
  throw new ConfigError(`expected a non-negative integer at ${where(node)}`)
}

/** A sequence's items (none when absent or null). */
export function seq(node: YNode | undefined): YNode[] {
  if (node === undefined || (node.kind === 'scalar' && node.isNull)) return []
  if (node.kind !== 'seq') throw new ConfigError(`expected a list at ${where(node)}`)
  return node.items
}

/** A list of strings, or undefined when absent or null (the original tells "unset" from "empty"). */
export function strList(node: YNode | undefined): string[] | undefined {
  if (node === undefined || (node.kind === 'scalar' && node.isNull)) return undefined
  return seq(node).map(str)
}

/** A mapping of strings to strings (label maps, headers). */
export function strMap(node: YNode | undefined): [string, string, YNode][] {
  if (node === undefined || (node.kind === 'scalar' && node.isNull)) return []
  if (node.kind !== 'map') throw new ConfigError(`expected a mapping at ${where(node)}`)
  return node.entries.map(([k, v]) => [k, str(v), v])
}
