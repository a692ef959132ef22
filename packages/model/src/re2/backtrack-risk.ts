import type { Re2Node } from './ast.js'
import { caseOrbit } from './case-fold.js'
import { normalizeRanges } from './char-classes.js'

/**
 * Whether V8's backtracking engine could take super-linear time on some input for this pattern,
 * decided from its shape alone. Patterns that pass run on V8; the rest on the linear-time engine
 * (lazy DFA / Pike VM), which is as fast on typical label values but slower on long ones. The
 * rule is conservative: a "yes" may be a false alarm, a "no" should not be. A pattern is risky
 * when it has
 *
 * 1. a repeat with more than one iteration (`*`, `+`, `{2,}`, `{3}`) whose body can match the
 *    empty string, contains a variable-width repeat (`(a*)*`, `(x+x+)+`, `(\w+\s?)*`, `(a?){30}`)
 *    or contains an ambiguous alternation (`(a|a)*`, `(a|aa)*`, `(ab|ac)+`): exponential;
 * 2. in a sequence, two variable-width items (repeats with max ≠ min, ambiguous alternations)
 *    where the later one can take a character an earlier one could, and everything between them
 *    could have been taken by the earlier ones too (`a*a*`, `\w+\d*`, `a*b?a*`, `(a|ab)(b|bc)`,
 *    `.*a.*b`, `\w+_\w+`): polynomial, O(n²) for two such items and worse for more; V8 needs
 *    ~0.2 s for `.*a.*b` on 10,000 characters.
 *
 * An alternation is ambiguous when two branches can start with the same character or one can
 * match empty. What remains (`api|web`, `ba.+`, `[a-z]+_[0-9]+`, `\d+\.\d+`, `(?:a|b)*c`,
 * `prod-(eu|us)-[0-9]{1,3}`) backtracks at most a bounded number of times per character.
 */
export function mayBacktrackSuperLinearly(root: Re2Node): boolean {
  return new RiskScan().node(root)
}

type Ranges = [number, number][]

const ALL: Ranges = [[0, 0x10ffff]]
/** Above this size, folding a class is not worth enumerating: treat it as matching anything. */
const MAX_FOLD_EXPANSION = 0x3000

class RiskScan {
  /** True if `n` or anything inside it is risky; also checks each sequence inside. */
  node(n: Re2Node): boolean {
    switch (n.kind) {
      case 'concat':
        return this.sequence(n.items) || n.items.some((i) => this.node(i))
      case 'alt':
        return n.items.some((i) => this.node(i))
      case 'group':
        return this.node(n.node)
      case 'repeat':
        if ((n.max < 0 || n.max > 1) && (nullable(n.node) || isVariable(n.node))) return true
        return this.node(n.node)
      default:
        return false
    }
  }

  private sequence(items: readonly Re2Node[]): boolean {
    /** Characters the variable items of the current run could take. */
    let live: Ranges = []
    for (const item of items.flatMap(flattenConcat)) {
      if (isVariable(item)) {
        const chars = charsOf(item)
        if (overlaps(live, chars)) return true
        live = normalizeRanges(live.concat(chars))
      } else if (!nullable(item) && !isSubset(charsOf(item), live)) {
        // A separator the run cannot swallow ends it: `[a-z]+_[0-9]+` backtracks linearly.
        live = []
      }
    }
    return false
  }
}

function flattenConcat(n: Re2Node): Re2Node[] {
  if (n.kind === 'concat') return n.items.flatMap(flattenConcat)
  if (n.kind === 'group' && n.node.kind === 'concat') return n.node.items.flatMap(flattenConcat)
  return [n]
}

/**
 * True if the node can match texts of different lengths or by different paths: a repeat with
 * max ≠ min, an ambiguous alternation, or something containing one.
 */
function isVariable(n: Re2Node): boolean {
  switch (n.kind) {
    case 'repeat':
      return n.max !== n.min || isVariable(n.node)
    case 'group':
      return isVariable(n.node)
    case 'concat':
      return n.items.some(isVariable)
    case 'alt':
      return ambiguous(n.items) || n.items.some(isVariable)
    default:
      return false
  }
}

function ambiguous(branches: readonly Re2Node[]): boolean {
  let seen: Ranges = []
  for (const b of branches) {
    if (nullable(b)) return true
    const first = firstChars(b)
    if (overlaps(seen, first)) return true
    seen = normalizeRanges(seen.concat(first))
  }
  return false
}

function nullable(n: Re2Node): boolean {
  switch (n.kind) {
    case 'empty':
    case 'assert':
      return true
    case 'literal':
    case 'class':
    case 'any':
      return false
    case 'concat':
      return n.items.every(nullable)
    case 'alt':
      return n.items.some(nullable)
    case 'group':
      return nullable(n.node)
    case 'repeat':
      return n.min === 0 || nullable(n.node)
  }
}

/** Characters that can start a non-empty match (over-approximated). */
function firstChars(n: Re2Node): Ranges {
  switch (n.kind) {
    case 'concat': {
      let out: Ranges = []
      for (const item of n.items) {
        out = out.concat(firstChars(item))
        if (!nullable(item)) break
      }
      return normalizeRanges(out)
    }
    case 'alt':
      return normalizeRanges(n.items.flatMap(firstChars))
    case 'group':
    case 'repeat':
      return firstChars(n.node)
    default:
      return leafChars(n)
  }
}

/** Every character the node could consume anywhere (over-approximated). */
function charsOf(n: Re2Node): Ranges {
  switch (n.kind) {
    case 'concat':
    case 'alt':
      return normalizeRanges(n.items.flatMap(charsOf))
    case 'group':
    case 'repeat':
      return charsOf(n.node)
    default:
      return leafChars(n)
  }
}

function leafChars(n: Re2Node): Ranges {
  switch (n.kind) {
    case 'literal':
      return n.fold ? caseOrbit(n.cp).map((cp): [number, number] => [cp, cp]) : [[n.cp, n.cp]]
    case 'any':
      return ALL
    case 'class': {
      if (n.negated || n.items.props.length > 0) return ALL
      if (!n.fold) return normalizeRanges(n.items.ranges)
      const out: Ranges = []
      for (const [lo, hi] of n.items.ranges) {
        if (hi - lo > MAX_FOLD_EXPANSION) return ALL
        for (let cp = lo; cp <= hi; cp++) for (const o of caseOrbit(cp)) out.push([o, o])
      }
      return normalizeRanges(out)
    }
    default:
      return []
  }
}

function overlaps(a: Ranges, b: Ranges): boolean {
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const [alo, ahi] = a[i] as [number, number]
    const [blo, bhi] = b[j] as [number, number]
    if (alo <= bhi && blo <= ahi) return true
    if (ahi < bhi) i++
    else j++
  }
  return false
}

function isSubset(a: Ranges, b: Ranges): boolean {
  return a.every(([lo, hi]) => b.some(([blo, bhi]) => blo <= lo && hi <= bhi))
}
