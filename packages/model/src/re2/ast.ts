/**
 * The parsed form of an RE2 pattern: just enough structure to emit an equivalent JavaScript
 * pattern and to spot shapes with a faster matcher than a regex.
 */

/** Code-point ranges `[lo, hi]`, inclusive, plus JS property escapes (`\p{L}`) kept symbolic. */
export interface ClassItems {
  ranges: [number, number][]
  /** JavaScript escapes valid inside a `u`-mode class, e.g. `\p{Script=Greek}` or `\P{L}`. */
  props: string[]
}

/** A node of the pattern tree. `fold` marks case-insensitive literals and classes. */
export type Re2Node =
  | { kind: 'empty' }
  | { kind: 'literal'; cp: number; fold: boolean }
  | { kind: 'class'; items: ClassItems; negated: boolean; fold: boolean }
  | { kind: 'any'; dotNL: boolean }
  | {
      kind: 'assert'
      what: 'textStart' | 'textEnd' | 'lineStart' | 'lineEnd' | 'wordBoundary' | 'notWordBoundary'
    }
  | { kind: 'concat'; items: Re2Node[] }
  | { kind: 'alt'; items: Re2Node[] }
  /** `capture` is set on capturing groups only: the group's name, or `''` when unnamed. */
  | { kind: 'group'; node: Re2Node; capture?: string }
  | { kind: 'repeat'; node: Re2Node; min: number; max: number; greedy: boolean }

/** Largest count RE2 accepts in `{n,m}`, also the limit on nested counts multiplied together. */
export const MAX_REPEAT = 1000
