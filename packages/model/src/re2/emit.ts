import { InvalidRegexError } from './invalid-regex-error.js'
import type { ClassItems, Re2Node } from './ast.js'
import { caseOrbit } from './case-fold.js'
import { normalizeRanges } from './char-classes.js'

/** Folding a range this large by enumeration would be slow; RE2 users rarely need it mixed with case-sensitive parts. */
const MAX_EXPANDED_RANGE = 0x3000

/**
 * Emits JavaScript source (for the `u` flag, never `m` or `s`) equivalent to the tree, plus
 * whether the `i` flag applies. When every literal and class shares one case mode, the flag does
 * the folding; otherwise case-insensitive parts are expanded into explicit classes.
 */
export function emitJs(
  pattern: string,
  root: Re2Node,
  captures = false,
): { source: string; ignoreCase: boolean } {
  const modes = new Set<boolean>()
  collectFoldModes(root, modes)
  const expand = modes.size > 1
  return {
    source: new Emitter(pattern, expand, captures).emit(root),
    ignoreCase: !expand && modes.has(true),
  }
}

function collectFoldModes(node: Re2Node, modes: Set<boolean>): void {
  switch (node.kind) {
    case 'literal':
      if (hasCase(node.cp)) modes.add(node.fold)
      break
    case 'class':
      modes.add(node.fold)
      break
    case 'concat':
    case 'alt':
      for (const n of node.items) collectFoldModes(n, modes)
      break
    case 'group':
    case 'repeat':
      collectFoldModes(node.node, modes)
  }
}

/** Cheap test for "folding could matter", so the orbit table is only built when expanding. */
function hasCase(cp: number): boolean {
  const ch = String.fromCodePoint(cp)
  return ch.toLowerCase() !== ch.toUpperCase()
}

class Emitter {
  private readonly pattern: string
  private readonly expand: boolean
  /** Whether capturing groups stay capturing (relabelling expands `$1`); matching alone does not need them. */
  private readonly captures: boolean

  constructor(pattern: string, expand: boolean, captures: boolean) {
    this.pattern = pattern
    this.expand = expand
    this.captures = captures
  }

  emit(node: Re2Node): string {
    switch (node.kind) {
      case 'empty':
        return ''
      case 'literal':
        if (this.expand && node.fold) {
          const orbit = caseOrbit(node.cp)
          if (orbit.length > 1) return `[${orbit.map(classChar).join('')}]`
        }
        return literalChar(node.cp)
      case 'class':
        return this.emitClass(node.items, node.negated, node.fold)
      case 'any':
        return node.dotNL ? '[^]' : '[^\\n]'
      case 'assert':
        return ASSERTIONS[node.what]
      case 'concat':
        return node.items.map((n) => this.emit(n)).join('')
      case 'alt':
        return node.items.map((n) => this.emit(n)).join('|')
      case 'group':
        return this.captures && node.capture !== undefined
          ? `(${this.emit(node.node)})`
          : `(?:${this.emit(node.node)})`
      case 'repeat': {
        const inner = this.emit(node.node)
        const atom = isAtom(node.node) ? inner : `(?:${inner})`
        return atom + quantifier(node.min, node.max) + (node.greedy ? '' : '?')
      }
    }
  }

  private emitClass(items: ClassItems, negated: boolean, fold: boolean): string {
    let ranges = items.ranges
    if (this.expand && fold) {
      if (items.props.length > 0) this.unsupported()
      const extra: [number, number][] = []
      for (const [lo, hi] of ranges) {
        if (hi - lo > MAX_EXPANDED_RANGE) this.unsupported()
        for (let cp = lo; cp <= hi; cp++)
          for (const o of caseOrbit(cp)) if (o < lo || o > hi) extra.push([o, o])
      }
      ranges = ranges.concat(extra)
    }
    const body = normalizeRanges(ranges)
      .map(([lo, hi]) => (lo === hi ? classChar(lo) : `${classChar(lo)}-${classChar(hi)}`))
      .join('')
    return `[${negated ? '^' : ''}${body}${items.props.join('')}]`
  }

  private unsupported(): never {
    throw new InvalidRegexError(
      this.pattern,
      'case-insensitive Unicode classes or large ranges mixed with case-sensitive parts are not supported; apply (?i) to the whole pattern',
    )
  }
}

const ASSERTIONS = {
  textStart: '^',
  textEnd: '$',
  lineStart: '(?<![^\\n])',
  lineEnd: '(?![^\\n])',
  wordBoundary: '\\b',
  notWordBoundary: '\\B',
} as const

function isAtom(node: Re2Node): boolean {
  return node.kind === 'literal' || node.kind === 'class' || node.kind === 'any' || node.kind === 'group'
}

function quantifier(min: number, max: number): string {
  if (max < 0) return min === 0 ? '*' : min === 1 ? '+' : `{${min},}`
  if (min === 0 && max === 1) return '?'
  return min === max ? `{${min}}` : `{${min},${max}}`
}

const SYNTAX_CHARS = new Set('^$\\.*+?()[]{}|/'.split(''))

function literalChar(cp: number): string {
  const ch = String.fromCodePoint(cp)
  if (SYNTAX_CHARS.has(ch)) return `\\${ch}`
  return cp < 0x20 || cp === 0x7f || (cp >= 0xd800 && cp <= 0xdfff) ? hexEscape(cp) : ch
}

function classChar(cp: number): string {
  return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)
    ? String.fromCodePoint(cp)
    : hexEscape(cp)
}

function hexEscape(cp: number): string {
  return `\\u{${cp.toString(16)}}`
}
