import { describe, expect, it } from 'vitest'
import { emitJs } from './emit.js'
import { parseRe2 } from './parser.js'
import { compileRe2 } from './re2-regex.js'
import { Re2Searcher } from './re2-search.js'

/** Deterministic PRNG (mulberry32) so a failing seed can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Generated {
  src: string
  /**
   * Captures are compared only without these known differences between JavaScript and RE2: a
   * capturing group inside a repeat (JavaScript resets it each iteration, RE2 keeps the last
   * text), or a repeat whose body can match empty (JavaScript refuses an empty iteration and
   * backtracks into another path; RE2 takes the first path in priority order).
   */
  capInRepeat: boolean
  nullable?: boolean
}

const ATOMS = ['a', 'b', '[ab]', '[^a]', '.', '\\s', '\\w', '(?i:A)', '[[:alpha:]]', '\\x20']
const ASSERTS = ['^', '$', '\\b', '\\B', '(?m:^)', '(?m:$)', '\\A', '\\z']
const REPEATS = ['*', '+', '?', '*?', '+?', '??', '{2}', '{0,2}', '{1,3}', '{2,}', '{1,2}?']

function pick<T>(rnd: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rnd() * xs.length)] as T
}

/** A random RE2 pattern over a small alphabet, nested up to `depth`. */
function genPattern(rnd: () => number, depth: number, inRepeat: boolean): Generated {
  const r = rnd()
  if (depth <= 0 || r < 0.25) return { src: pick(rnd, ATOMS), capInRepeat: false }
  if (r < 0.3) return { src: pick(rnd, ASSERTS), capInRepeat: false, nullable: true }
  if (r < 0.5) {
    const a = genPattern(rnd, depth - 1, inRepeat)
    const b = genPattern(rnd, depth - 1, inRepeat)
    return {
      src: a.src + b.src,
      capInRepeat: a.capInRepeat || b.capInRepeat,
      nullable: a.nullable === true && b.nullable === true,
    }
  }
  if (r < 0.62) {
    const a = genPattern(rnd, depth - 1, inRepeat)
    const b =
      rnd() < 0.2 ? { src: '', capInRepeat: false, nullable: true } : genPattern(rnd, depth - 1, inRepeat)
    return {
      src: `(?:${a.src}|${b.src})`,
      capInRepeat: a.capInRepeat || b.capInRepeat,
      nullable: a.nullable === true || b.nullable === true,
    }
  }
  if (r < 0.78) {
    const a = genPattern(rnd, depth - 1, inRepeat)
    return { src: `(${a.src})`, capInRepeat: inRepeat || a.capInRepeat, nullable: a.nullable === true }
  }
  const op = pick(rnd, REPEATS)
  const repeated = op !== '?' && op !== '??'
  const a = genPattern(rnd, depth - 1, inRepeat || repeated)
  return {
    src: `(?:${a.src})${op}`,
    capInRepeat: a.capInRepeat || a.nullable === true,
    nullable: a.nullable === true || /^[*?]|^\{0/.test(op),
  }
}

function genString(rnd: () => number): string {
  const n = Math.floor(rnd() * 9)
  let s = ''
  for (let i = 0; i < n; i++) s += pick(rnd, ['a', 'b', 'a', 'A', ' ', '\n'])
  return s
}

function groups(m: RegExpExecArray | null): (string | undefined)[] | null {
  return m === null ? null : [...m]
}

describe('Pike VM against the V8 translation (property)', () => {
  // Small alphabet and short strings keep V8 fast even on nested repeats.
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('agrees on random patterns (seed %i)', (seed) => {
    const rnd = prng(seed)
    let compared = 0
    for (let p = 0; p < 150; p++) {
      const { src, capInRepeat } = genPattern(rnd, 4, false)
      const pike = compileRe2(src, true, 'pike').regex
      const v8 = compileRe2(src, true, 'v8').regex
      const pikeTest = compileRe2(src, false, 'pike').regex
      for (let k = 0; k < 12; k++) {
        const s = genString(rnd)
        const want = v8.exec(s)
        const where = `${JSON.stringify(src)} on ${JSON.stringify(s)}`
        expect(pikeTest.test(s), where).toBe(want !== null)
        const got = pike.exec(s)
        if (capInRepeat) expect(got === null, where).toBe(want === null)
        else expect(groups(got), where).toEqual(groups(want))
        compared++
      }
    }
    expect(compared).toBe(1800)
  })

  // Unanchored search (template functions): where the leftmost match starts is fixed by the
  // language; which text it spans and captures is priority, compared where both engines agree to.
  it.each([11, 12, 13, 14])('searches like V8 on random patterns (seed %i)', (seed) => {
    const rnd = prng(seed)
    let compared = 0
    for (let p = 0; p < 100; p++) {
      const { src, capInRepeat } = genPattern(rnd, 4, false)
      const { source, ignoreCase } = emitJs(src, parseRe2(`(?-s:${src})`), true)
      const v8 = new RegExp(source, ignoreCase ? 'iu' : 'u')
      const searcher = new Re2Searcher(src)
      for (let k = 0; k < 10; k++) {
        const s = genString(rnd) + genString(rnd)
        const want = v8.exec(s)
        const got = searcher.exec(s)
        const where = `${JSON.stringify(src)} in ${JSON.stringify(s)}`
        expect(got?.index, where).toBe(want?.index)
        if (!capInRepeat) expect(groups(got), where).toEqual(groups(want))
        compared++
      }
    }
    expect(compared).toBe(1000)
  })

  it('searches from a later position with assertions seeing the whole text', () => {
    const searcher = new Re2Searcher('\\b(?P<word>\\w+)')
    const m = searcher.exec('ab cd', 1)
    expect([m?.index, m?.[1], m?.groups?.word]).toEqual([3, 'cd', 'cd'])
    expect(new Re2Searcher('^a').exec('aa', 1)).toBeNull()
  })

  it.each<[string, string, (string | undefined)[] | null]>([
    // RE2 keeps a group's last text across iterations; JavaScript would forget it.
    ['x(?:(a)|b)*', 'xab', ['xab', 'a']],
    ['(?:(a)|(b))+', 'ab', ['ab', 'a', 'b']],
    ['(a|ab)(c|bcd)(d*)', 'abcd', ['abcd', 'a', 'bcd', '']],
    ['(a+)(a*)', 'aaaa', ['aaaa', 'aaaa', '']],
    ['(a+?)(a*)', 'aaaa', ['aaaa', 'a', 'aaa']],
    ['(a){0}b', 'b', ['b', undefined]],
    ['(?P<host>[^:]+):(?P<port>\\d+)', 'web-1:9090', ['web-1:9090', 'web-1', '9090']],
    ['(.*)', 'a\nb', ['a\nb', 'a\nb']],
    ['(?-s)(.*)', 'a\nb', null],
    ['(?i)(k+)', 'kK\u212a', ['kK\u212a', 'kK\u212a']],
    ['(😀+)(.)', '😀😀x', ['😀😀x', '😀😀', 'x']],
    ['([a-z]{2,3})+', 'abcde', ['abcde', 'de']],
  ])('%j on %j captures %j', (pattern, value, want) => {
    expect(groups(compileRe2(pattern, true, 'pike').regex.exec(value))).toEqual(want)
  })

  it.each<[string, string]>([
    ['$^', ''],
    ['a$^', 'a'],
    ['^$', ''],
    ['(?:^a)*', 'aa'],
    ['(?:^a)*', 'a'],
    ['a\\z|b', 'b'],
    ['(?:a$)*', ''],
    ['(?i)[^k]+', 'xK\u212a'],
    ['\\pL+\\d', 'Ωmega7'],
  ])('the lazy DFA agrees with V8 on %j against %j', (pattern, value) => {
    const want = compileRe2(pattern, false, 'v8').regex.test(value)
    expect(compileRe2(pattern, false, 'pike').regex.test(value)).toBe(want)
    expect(compileRe2(pattern, true, 'pike').regex.exec(value) !== null).toBe(want)
  })

  it('keeps answering right after its state cache fills', () => {
    // `a` sixteen places from the end needs 2^17 DFA states: these inputs visit ~18,000, more than fit.
    const pattern = '(?:a|b)*a(?:a|b){16}'
    const v8 = compileRe2(pattern, false, 'v8').regex
    const pike = compileRe2(pattern, false, 'pike').regex
    const rnd = prng(99)
    for (let i = 0; i < 60; i++) {
      let s = ''
      for (let k = 0; k < 300; k++) s += rnd() < 0.5 ? 'a' : 'b'
      expect(pike.test(s), s).toBe(v8.test(s))
    }
  })

  it('refuses a program too large to run', () => {
    expect(() => compileRe2('(?:\\w{1000}){1}'.repeat(300), false, 'pike')).toThrow(/expression too large/)
  })
})
