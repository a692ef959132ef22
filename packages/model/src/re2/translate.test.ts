import { describe, expect, it } from 'vitest'
import { InvalidRegexError, Matcher, compileAnchoredRegex } from '../matcher.js'
import { compileRe2 } from './re2-regex.js'

// [pattern, inputs that must match, inputs that must not]
const MATCHING: [string, string[], string[]][] = [
  ['abc', ['abc'], ['', 'ab', 'abcd', 'xabc']],
  ['a|b|c', ['a', 'b', 'c'], ['', 'ab', 'd']],
  ['.*', ['', 'x', 'a\nb'], []],
  ['.+', ['x', '\n'], ['']],
  ['foo.*', ['foo', 'foobar', 'foo\nbar'], ['fo', 'xfoo']],
  ['.*bar', ['bar', 'foobar'], ['barx']],
  ['.*mid.*', ['mid', 'amidb'], ['mi']],
  ['(?-s).*', ['', 'abc'], ['a\nb']],
  ['(?s:.)', ['\n'], []],
  ['(?i)abc', ['ABC', 'aBc'], ['abd']],
  ['(?i:ab)c', ['ABc', 'abc'], ['abC']],
  ['a(?i)bc', ['aBC', 'abc'], ['Abc']],
  ['a(?i:b)c', ['aBc'], ['aBC']],
  ['(?i)[a-c]+', ['AbC'], ['d']],
  ['x(?i:[a-c])', ['xB'], ['XB']],
  ['(?i)k', ['K', 'k', '\u212a'], []],
  ['x(?i:k)', ['x\u212a', 'xK'], ['xx']],
  ['(?i)straße', ['STRAßE'], []],
  ['(?U)a+', ['aaa'], ['']],
  ['a+?b', ['aab'], ['b']],
  ['(?m)^a$', ['a'], ['a\nb']],
  ['(?m:a$\n^b)', ['a\nb'], []],
  ['\\Aab\\z', ['ab'], ['ab\n']],
  ['^ab$', ['ab'], []],
  ['[[:alpha:]]+', ['abcXYZ'], ['ab1']],
  ['[[:^digit:]]', ['a'], ['5']],
  ['[[:xdigit:][:space:]]+', ['0f F\t'], ['g']],
  ['\\pL+', ['héllo', 'Ωmega'], ['a1']],
  ['\\PL', ['1'], ['a']],
  ['\\p{Greek}+', ['αβγ'], ['abc']],
  ['\\p{^Greek}', ['a'], ['α']],
  ['\\P{^Greek}', ['α'], ['a']],
  ['[\\p{Lu}\\d]+', ['AB12'], ['ab']],
  ['\\p{Any}', ['\n'], ['']],
  ['\\Qa.b*c\\E', ['a.b*c'], ['aXbbc']],
  ['\\Qa.b', ['a.b'], ['axb']],
  ['\\d+\\s\\w+', ['12 ab_9'], ['12\u00a0ab', '١٢ ab']],
  ['\\D\\S\\W', ['a!-'], ['1!-']],
  ['\\s', ['\t', '\n', '\f', '\r', ' '], ['\v', '\u00a0']],
  ['a{2}', ['aa'], ['a', 'aaa']],
  ['a{2,}', ['aa', 'aaaa'], ['a']],
  ['a{1,3}', ['a', 'aaa'], ['aaaa']],
  ['a{1000}', ['a'.repeat(1000)], ['a'.repeat(999)]],
  ['a{,2}', ['a{,2}'], ['aa']],
  ['a{', ['a{'], []],
  ['{', ['{'], []],
  ['x{y}', ['x{y}'], []],
  ['(?P<name>a)(?<other>b)', ['ab'], []],
  ['(a)(?:b)()', ['ab'], []],
  ['\\x41\\x{263a}\\101\\0', ['A☺A\0'], []],
  ['\\a\\f\\t\\n\\r\\v', ['\x07\f\t\n\r\v'], []],
  ['\\.\\-\\/\\!\\#', ['.-/!#'], []],
  ['[]a]+', [']a]'], ['b']],
  ['[^]a]', ['b', '\n'], [']', 'a']],
  ['[a-]+', ['a-'], ['b']],
  ['[-a]', ['-'], []],
  ['[a\\-z]', ['-'], ['b']],
  ['[\\d-z]+', ['1-z'], ['a']],
  ['[\\]\\[]+', ['[]'], []],
  ['[^\\n]', ['a'], ['\n']],
  ['\\bfoo\\b', ['foo'], []],
  ['a\\Bb', ['ab'], []],
  ['/', ['/'], []],
  ['a|', ['a', ''], ['b']],
  ['()', [''], ['a']],
  ['😀+', ['😀😀'], ['😀\ud83d']],
  ['.', ['😀'], ['😀😀']],
  ['[😀-😂]', ['😁'], ['😃']],
]

// [pattern, fragment of the reason]
const REJECTED: [string, string][] = [
  ['(a)\\1', 'backreferences are not supported'],
  ['(?P<n>a)(?P=n)', 'backreferences are not supported'],
  ['a(?=b)', 'lookahead'],
  ['a(?!b)', 'lookahead'],
  ['(?<=a)b', 'lookbehind'],
  ['(?<!a)b', 'lookbehind'],
  ['(?>a)', 'atomic'],
  ['a*+', 'invalid nested repetition operator'],
  ['a++', 'invalid nested repetition operator'],
  ['a**', 'invalid nested repetition operator'],
  ['a{2}{3}', 'invalid nested repetition operator'],
  ['*a', 'missing argument to repetition operator'],
  ['a|*', 'missing argument to repetition operator'],
  ['{2}', 'missing argument to repetition operator'],
  ['a{1001}', 'invalid repeat count'],
  ['a{2,1001}', 'invalid repeat count'],
  ['a{3,2}', 'invalid repeat count'],
  ['(a{100}){11}', 'invalid repeat count'],
  ['\\8', 'invalid escape sequence'],
  ['\\Z', 'invalid escape sequence'],
  ['\\e', 'invalid escape sequence'],
  ['\\é', 'invalid escape sequence'],
  ['\\x{110000}', 'invalid escape sequence'],
  ['\\xZ', 'invalid escape sequence'],
  ['a\\', 'trailing backslash'],
  ['(a', 'missing closing )'],
  ['a)', 'unexpected )'],
  ['[a', 'missing closing ]'],
  ['[]', 'missing closing ]'],
  ['[z-a]', 'invalid character class range'],
  ['[a-\\d]', 'invalid character class range'],
  ['[[:foo:]]', 'invalid character class range'],
  ['\\p{Klingon}', 'invalid character class range'],
  ['\\p{', 'invalid character class range'],
  ['(?P<a-b>x)', 'invalid named capture'],
  ['(?P<a>x)(?P<a>y)', 'duplicate capture group name'],
  ['(?z)', 'invalid or unsupported Perl syntax'],
  ['(?)', 'empty flags'],
  ['(?i-)', 'empty flags'],
  ['(?#c)', 'comments are not supported'],
  ['x(?i:\\pL)', 'apply (?i) to the whole pattern'],
]

describe('RE2 translation', () => {
  it.each(MATCHING)('%j', (pattern, yes, no) => {
    const re = compileAnchoredRegex(pattern)
    const m = new Matcher('=~', 'l', pattern)
    for (const s of yes) {
      expect(re.test(s), `${JSON.stringify(pattern)} should match ${JSON.stringify(s)}`).toBe(true)
      expect(m.matches(s)).toBe(true)
    }
    for (const s of no) {
      expect(re.test(s), `${JSON.stringify(pattern)} should not match ${JSON.stringify(s)}`).toBe(false)
      expect(m.matches(s)).toBe(false)
    }
  })

  it.each(REJECTED)('rejects %j', (pattern, reason) => {
    let caught: unknown
    try {
      compileAnchoredRegex(pattern)
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(InvalidRegexError)
    expect((caught as InvalidRegexError).code).toBe('ERR_INVALID_REGEX')
    expect((caught as InvalidRegexError).message).toContain(reason)
  })

  // The same conformance cases on each engine, so the Pike VM (chosen for risky shapes) agrees with RE2 too.
  it.each(MATCHING)('%j on both engines', (pattern, yes, no) => {
    for (const engine of ['v8', 'pike'] as const) {
      for (const captures of [false, true]) {
        const re = compileRe2(pattern, captures, engine).regex
        for (const s of yes) expect(re.test(s), `${engine} on ${JSON.stringify(s)}`).toBe(true)
        for (const s of no) expect(re.test(s), `${engine} on ${JSON.stringify(s)}`).toBe(false)
      }
    }
  })

  it.each(REJECTED)('rejects %j before choosing an engine', (pattern) => {
    expect(() => compileRe2(pattern, true, 'pike')).toThrow(InvalidRegexError)
  })

  it('names the position of the problem', () => {
    expect(() => compileAnchoredRegex('abc(?=x)')).toThrow(/at position 3/)
  })
})

describe('Matcher fast paths', () => {
  it.each<[string, string[] | undefined]>([
    ['a|b|c', ['a', 'b', 'c']],
    ['(?:api|web)-(1|2)', ['api-1', 'api-2', 'web-1', 'web-2']],
    ['ab[xy]', ['abx', 'aby']],
    ['foo', ['foo']],
    ['', ['']],
    ['a|b.*', undefined],
    ['(?i)a|b', undefined],
    ['[a-z]', undefined],
  ])('%j has set matches %j', (pattern, want) => {
    expect(new Matcher('=~', 'l', pattern).setMatches()).toEqual(want)
  })

  it('only offers set matches for =~', () => {
    expect(new Matcher('!~', 'l', 'a|b').setMatches()).toBeUndefined()
    expect(new Matcher('!~', 'l', 'a|b').matches('a')).toBe(false)
    expect(new Matcher('!~', 'l', 'a|b').matches('c')).toBe(true)
  })

  it.each<[string, string, boolean]>([
    ['.*', 'anything\n', true],
    ['.+', '', false],
    ['foo.*', 'foobar', true],
    ['foo.*', 'barfoo', false],
    ['.*foo', 'barfoo', true],
    ['.*foo.*', 'xfooy', true],
    ['.*foo.*', 'fo', false],
    ['(?-s)foo.*', 'foo\n', false],
  ])('%j on %j is %s', (pattern, value, want) => {
    expect(new Matcher('=~', 'l', pattern).matches(value)).toBe(want)
  })
})
