import { describe, expect, it } from 'vitest'
import { Matcher, compileAnchoredRegex } from '../matcher.js'
import { compileRelabelConfig } from '../relabel/relabel-config.js'
import { relabel } from '../relabel/relabel.js'
import { Labels } from '../labels.js'
import { mayBacktrackSuperLinearly } from './backtrack-risk.js'
import { parseRe2 } from './parser.js'
import { compileRe2 } from './re2-regex.js'

describe('engine selection rule', () => {
  it.each([
    '(a*)*b',
    '(a|a)*b',
    '(a|aa)*c',
    '(x+x+)+y',
    '(.*)*x',
    '(\\w+\\s?)*$',
    '(a?){30}a{30}',
    '(?:a|)*b',
    '(ab|ac)+',
    'a*a*b',
    '\\w+\\d*x',
    'a*b?a*c',
    '(a|ab)(b|bc)',
    '.*a.*a.*b',
    '\\w+_\\w+_\\w+',
    '(?i)a*A*b',
    '.*foo.*bar',
    'foo.*bar.*',
  ])('%j runs on the Pike VM', (pattern) => {
    expect(mayBacktrackSuperLinearly(parseRe2(pattern))).toBe(true)
  })

  it.each([
    'api|web',
    'ba.+',
    '[a-z]+_[0-9]+',
    '\\d+\\.\\d+',
    '(?:a|b)*c',
    '(?:api|web)-\\d+',
    'prod-(eu|us)-[0-9]{1,3}',
    '(ab){3}',
    '[^/]+/metrics',
  ])('%j runs on V8', (pattern) => {
    expect(mayBacktrackSuperLinearly(parseRe2(pattern))).toBe(false)
  })

  it('relabelling keeps RE2 captures in repeats by choosing the VM', () => {
    expect(compileRe2('x(?:(a)|b)*', true).engine).toBe('pike')
    expect(compileRe2('x(?:(a)|b)*', false).engine).toBe('v8')
    expect(compileRe2('(.*)', true).engine).toBe('v8')
  })
})

/** Generous: linear matching takes a few ms; the exponential V8 path would take hours. */
const BOUND_MS = 200

function elapsedMs(f: () => void): number {
  const start = performance.now()
  f()
  return performance.now() - start
}

// Fuzz finding (issue 16): these blocked the event loop for seconds to years on V8's backtracker.
describe('catastrophic patterns finish in linear time', () => {
  it.each<[string, (n: number) => string]>([
    ['(a*)*b', (n) => 'a'.repeat(n)],
    ['(a|a)*b', (n) => 'a'.repeat(n)],
    ['(a|aa)*c', (n) => 'a'.repeat(n)],
    ['(x+x+)+y', (n) => 'x'.repeat(n)],
    ['(.*)*x', (n) => 'y'.repeat(n)],
    ['(\\w+\\s?)*$', (n) => 'ab '.repeat(Math.ceil(n / 3)) + '!'],
    ['(?:a?){30}a{30}', (n) => 'a'.repeat(Math.min(n, 29))],
    ['a*a*a*a*a*b', (n) => 'a'.repeat(n)],
    ['.*a.*b', (n) => 'a'.repeat(n)],
  ])('%j', (pattern, value) => {
    const matcher = new Matcher('=~', 'job', pattern)
    const regex = compileAnchoredRegex(pattern)
    const config = compileRelabelConfig({ sourceLabels: ['job'], regex: pattern, targetLabel: 'x' })
    for (const n of [30, 1000, 10_000]) {
      const v = value(n)
      expect(elapsedMs(() => expect(matcher.matches(v)).toBe(false))).toBeLessThan(BOUND_MS)
      expect(elapsedMs(() => expect(regex.exec(v)).toBeNull())).toBeLessThan(BOUND_MS)
      const labels = Labels.fromPairs([['job', v]])
      expect(elapsedMs(() => expect(relabel(labels, [config])?.get('x')).toBe(''))).toBeLessThan(BOUND_MS)
    }
  })

  it('still matches where the pattern does', () => {
    expect(new Matcher('=~', 'job', '(a*)*b').matches('a'.repeat(5000) + 'b')).toBe(true)
    expect(compileAnchoredRegex('(\\w+\\s?)*$').exec('ab '.repeat(3000))?.[1]).toBe('ab ')
  })
})
