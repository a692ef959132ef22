import { describe, expect, it } from 'vitest'
import { compileGoRegexp, replaceAllGo } from './go-regexp.js'

describe('Go regexps in templates', () => {
  it.each([
    ['(\\w+):(\\d+)', '$2-$1', 'host:9100', '9100-host'],
    ['(\\w+):(\\d+)', '$1x ${1}x $$', 'host:9100', ' hostx $'],
    ['(?P<host>\\w+):\\d+', '${host}', 'a:1 b:2', 'a b'],
    ['x*', '-', 'abc', '-a-b-c-'],
    ['(?i)HOST', 'h', 'Host', 'h'],
    // Go skips an empty match right after a match (JavaScript's replace would not): "XbXcX", not "XbXXcX".
    ['a*', 'X', 'baaac', 'XbXcX'],
    ['a(x*)b', '${1}W', '-ab-axxb-', '-W-xxW-'],
    ['a(x*)b', '$1W', '-ab-axxb-', '---'],
    ['\\bfoo\\b', 'X', 'foo foobar foo', 'X foobar X'],
    ['^a|b$', 'X', 'aab\nb', 'Xab\nX'],
    ['(a|ab)(c|bcd)', '[$1,$2]', 'xabcd', 'x[a,bcd]'],
  ])('replaceAll(%j, %j, %j)', (pattern, repl, text, want) => {
    expect(replaceAllGo(pattern, repl, text)).toBe(want)
  })

  it('does not let . match a newline, as Go does by default', () => {
    expect(compileGoRegexp('^a.b$').test('a\nb')).toBe(false)
    expect(compileGoRegexp('(?s)^a.b$').test('a\nb')).toBe(true)
  })

  it('reports an invalid pattern', () => {
    expect(() => compileGoRegexp('(')).toThrow('error parsing regexp')
    expect(() => compileGoRegexp('a)(b')).toThrow('error parsing regexp')
  })

  it('searches in linear time whatever the pattern (issue 16)', () => {
    const started = performance.now()
    expect(compileGoRegexp('(a*)*b').test('a'.repeat(10_000))).toBe(false)
    expect(replaceAllGo('(x+x+)+y', '-', 'x'.repeat(2000))).toBe('x'.repeat(2000))
    expect(performance.now() - started).toBeLessThan(2000)
  })
})
