import { caseOrbit } from './case-fold.js'
import { normalizeRanges } from './char-classes.js'

/** A character class ready for the Pike VM: inclusive ranges, property escapes, case folding. */
export interface CharClass {
  /** Sorted, merged inclusive ranges as flat `[lo, hi, lo, hi, …]`. */
  readonly ranges: Int32Array
  readonly negated: boolean
  /** Also match a code point whose case variant is in the class (`(?i)`). */
  readonly fold: boolean
  /** Unicode property escapes (`\p{Greek}`) as a one-character JavaScript regex. */
  readonly props: RegExp | undefined
  /** The final answer for each ASCII code point, one bit each, so the common case is one lookup. */
  readonly ascii: Uint32Array
}

/** Builds a class; `props` are JavaScript `u`-mode escapes such as `\p{L}`. */
export function makeCharClass(
  ranges: readonly [number, number][],
  props: readonly string[],
  negated: boolean,
  fold: boolean,
): CharClass {
  const cls: CharClass = {
    ranges: Int32Array.from(normalizeRanges(ranges.slice()).flat()),
    negated,
    fold,
    props: props.length > 0 ? new RegExp(`^[${props.join('')}]$`, 'u') : undefined,
    ascii: new Uint32Array(4),
  }
  for (let cp = 0; cp < 128; cp++) if (slowClassHas(cls, cp)) (cls.ascii[cp >> 5] as number) |= 1 << (cp & 31)
  return cls
}

/** True if the class accepts the code point. */
export function classHas(c: CharClass, cp: number): boolean {
  if (cp < 128) return ((c.ascii[cp >> 5] as number) & (1 << (cp & 31))) !== 0
  return slowClassHas(c, cp)
}

/** Under `(?i)` a code point belongs if any of its case variants does, as the `iu` flags decide. */
function slowClassHas(c: CharClass, cp: number): boolean {
  let hit = inClassExact(c, cp)
  if (!hit && c.fold) {
    for (const o of caseOrbit(cp)) {
      if (o !== cp && inClassExact(c, o)) {
        hit = true
        break
      }
    }
  }
  return hit !== c.negated
}

function inClassExact(c: CharClass, cp: number): boolean {
  return inRanges(c.ranges, cp) || (c.props !== undefined && c.props.test(String.fromCodePoint(cp)))
}

function inRanges(ranges: Int32Array, cp: number): boolean {
  let lo = 0
  let hi = ranges.length / 2 - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (cp < (ranges[2 * mid] as number)) hi = mid - 1
    else if (cp > (ranges[2 * mid + 1] as number)) lo = mid + 1
    else return true
  }
  return false
}
