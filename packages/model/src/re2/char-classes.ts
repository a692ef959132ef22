import type { ClassItems } from './ast.js'

type Ranges = [number, number][]

/** RE2's Perl classes are ASCII-only (unlike JavaScript's `\s`, which also matches `\v` and U+00A0). */
export const PERL_CLASSES: Readonly<Record<string, Ranges>> = {
  d: [[0x30, 0x39]],
  s: [
    [0x09, 0x0a],
    [0x0c, 0x0d],
    [0x20, 0x20],
  ],
  w: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x5f, 0x5f],
    [0x61, 0x7a],
  ],
}

/** The POSIX bracket classes RE2 knows, as ASCII ranges. */
export const POSIX_CLASSES: Readonly<Record<string, Ranges>> = {
  alnum: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  alpha: [
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  ascii: [[0x00, 0x7f]],
  blank: [
    [0x09, 0x09],
    [0x20, 0x20],
  ],
  cntrl: [
    [0x00, 0x1f],
    [0x7f, 0x7f],
  ],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [
    [0x21, 0x2f],
    [0x3a, 0x40],
    [0x5b, 0x60],
    [0x7b, 0x7e],
  ],
  space: [
    [0x09, 0x0d],
    [0x20, 0x20],
  ],
  upper: [[0x41, 0x5a]],
  word: PERL_CLASSES.w as Ranges,
  xdigit: [
    [0x30, 0x39],
    [0x41, 0x46],
    [0x61, 0x66],
  ],
}

const MAX_CODE_POINT = 0x10ffff

/** The complement of sorted, non-overlapping ranges within all code points. */
export function negateRanges(ranges: Ranges): Ranges {
  const sorted = normalizeRanges(ranges)
  const out: Ranges = []
  let next = 0
  for (const [lo, hi] of sorted) {
    if (lo > next) out.push([next, lo - 1])
    next = hi + 1
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT])
  return out
}

/** Sorts and merges overlapping or adjacent ranges. */
export function normalizeRanges(ranges: Ranges): Ranges {
  const sorted = ranges.map(([lo, hi]): [number, number] => [lo, hi]).sort((a, b) => a[0] - b[0])
  const out: Ranges = []
  for (const r of sorted) {
    const last = out[out.length - 1]
    if (last !== undefined && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1])
    else out.push(r)
  }
  return out
}

const GENERAL_CATEGORIES = new Set(
  'C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs'.split(
    ' ',
  ),
)

/**
 * Resolves an RE2 Unicode class name (`L`, `Greek`, `Any`) to class items, or undefined when RE2
 * would not know it. Scripts are checked against the running engine's Unicode tables.
 */
export function unicodeClass(name: string, negated: boolean): ClassItems | undefined {
  if (name === 'Any')
    return negated ? { ranges: [], props: [] } : { ranges: [[0, MAX_CODE_POINT]], props: [] }
  const p = negated ? 'P' : 'p'
  if (GENERAL_CATEGORIES.has(name)) return { ranges: [], props: [`\\${p}{${name}}`] }
  if (!/^[A-Za-z_]+$/.test(name)) return undefined
  try {
    new RegExp(`\\p{Script=${name}}`, 'u')
  } catch {
    return undefined
  }
  return { ranges: [], props: [`\\${p}{Script=${name}}`] }
}
