import type { Re2Node } from './ast.js'

/**
 * A matcher shape cheaper than running the regex, as Prometheus's FastRegexMatcher finds them:
 * a set of literal alternatives (`a|b|c`), anything (`.*`), anything non-empty (`.+`), or a
 * literal prefix, suffix or infix around `.*`.
 */
export type FastMatch =
  | { kind: 'set'; values: readonly string[] }
  | { kind: 'any' }
  | { kind: 'nonEmpty' }
  | { kind: 'prefix'; text: string }
  | { kind: 'suffix'; text: string }
  | { kind: 'contains'; text: string }

/** Most literal alternatives worth expanding into a set (the same cap Prometheus uses). */
const MAX_SET_MATCHES = 256
/** Largest character class expanded into alternatives, e.g. `[abc]`. */
const MAX_CLASS_EXPANSION = 16

/** The fast shape of a parsed pattern, or undefined when only the regex will do. */
export function findFastMatch(root: Re2Node): FastMatch | undefined {
  const items = flatten(root)
  if (items.length === 1 && isDotStar(items[0] as Re2Node, 0)) return { kind: 'any' }
  if (items.length === 1 && isDotStar(items[0] as Re2Node, 1)) return { kind: 'nonEmpty' }
  const values = alternatives(root)
  if (values !== undefined) return { kind: 'set', values }
  const first = items[0]
  const last = items[items.length - 1]
  if (first === undefined || last === undefined || items.length < 2) return undefined
  const leading = isDotStar(first, 0)
  const trailing = isDotStar(last, 0)
  const middle = literalText(items.slice(leading ? 1 : 0, trailing ? -1 : undefined))
  if (middle === undefined || (leading && trailing && items.length < 3)) return undefined
  if (leading && trailing) return { kind: 'contains', text: middle }
  if (trailing) return { kind: 'prefix', text: middle }
  if (leading) return { kind: 'suffix', text: middle }
  return undefined
}

/** Runs a fast match; the caller has checked that one exists. */
export function runFastMatch(fast: FastMatch, set: ReadonlySet<string> | undefined, value: string): boolean {
  switch (fast.kind) {
    case 'set':
      return (set as ReadonlySet<string>).has(value)
    case 'any':
      return true
    case 'nonEmpty':
      return value.length > 0
    case 'prefix':
      return value.startsWith(fast.text)
    case 'suffix':
      return value.endsWith(fast.text)
    case 'contains':
      return value.includes(fast.text)
  }
}

function flatten(node: Re2Node): Re2Node[] {
  if (node.kind === 'group') return flatten(node.node)
  if (node.kind === 'concat') return node.items.flatMap(flatten)
  return [node]
}

function isDotStar(node: Re2Node, min: number): boolean {
  return (
    node.kind === 'repeat' && node.min === min && node.max < 0 && node.node.kind === 'any' && node.node.dotNL
  )
}

function literalText(items: readonly Re2Node[]): string | undefined {
  let text = ''
  for (const n of items) {
    if (n.kind !== 'literal' || n.fold) return undefined
    text += String.fromCodePoint(n.cp)
  }
  return text
}

/** Every string the pattern can match, when that is a small finite set of literals. */
function alternatives(node: Re2Node): string[] | undefined {
  switch (node.kind) {
    case 'empty':
      return ['']
    case 'literal':
      return node.fold ? undefined : [String.fromCodePoint(node.cp)]
    case 'class': {
      if (node.fold || node.negated || node.items.props.length > 0) return undefined
      const out: string[] = []
      for (const [lo, hi] of node.items.ranges) {
        if (out.length + hi - lo + 1 > MAX_CLASS_EXPANSION) return undefined
        for (let cp = lo; cp <= hi; cp++) out.push(String.fromCodePoint(cp))
      }
      return out
    }
    case 'group':
      return alternatives(node.node)
    case 'alt': {
      const out = new Set<string>()
      for (const item of node.items) {
        const sub = alternatives(item)
        if (sub === undefined) return undefined
        for (const s of sub) out.add(s)
        if (out.size > MAX_SET_MATCHES) return undefined
      }
      return [...out]
    }
    case 'concat': {
      let acc = ['']
      for (const item of node.items) {
        const sub = alternatives(item)
        if (sub === undefined || acc.length * sub.length > MAX_SET_MATCHES) return undefined
        acc = acc.flatMap((a) => sub.map((s) => a + s))
      }
      return acc
    }
    default:
      return undefined
  }
}
