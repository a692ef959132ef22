import { describe, expect, it } from 'vitest'
import { compileGoRegexp, replaceAllGo } from './go-regexp.js'

describe('Go regexps in templates', () => {
  it.each([
    ['(\\w+):(\\d+)', '$2-$1', 'host:9100', '9100-host'],
    ['(\\w+):(\\d+)', '$1x ${1}x $$', 'host:9100', ' hostx $'],
    ['(?P<host>\\w+):\\d+', '${host}', 'a:1 b:2', 'a b'],
    ['x*', '-', 'abc', '-a-b-c-'],
    ['(?i)HOST', 'h', 'Host', 'h'],
  ])('replaceAll(%j, %j, %j)', (pattern, repl, text, want) => {
    expect(replaceAllGo(pattern, repl, text)).toBe(want)
  })

  it('does not let . match a newline, as Go does by default', () => {
    expect(compileGoRegexp('^a.b$').test('a\nb')).toBe(false)
    expect(compileGoRegexp('(?s)^a.b$').test('a\nb')).toBe(true)
  })

  it('reports an invalid pattern', () => {
    expect(() => compileGoRegexp('(')).toThrow('error parsing regexp')
  })
})
