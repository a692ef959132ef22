import { describe, expect, it } from 'vitest'
import { fingerprint, formatLabelSet } from './fingerprint.js'
import { parseMatchers } from './matcher.js'

describe('matchers', () => {
  it.each([
    ['{foo = "bar", dings != "bums", }', ['foo="bar"', 'dings!="bums"']],
    ['foo=bar,dings!=bums', ['foo="bar"', 'dings!="bums"']],
    ['{quote="She said: \\"Hi, ladies!\\""}', ['quote="She said: \\"Hi, ladies!\\""']],
    ['statuscode=~"5.."', ['statuscode=~"5.."']],
  ])('parses %s', (text, expected) => {
    expect(parseMatchers(text).map(String)).toEqual(expected)
  })

  it.each(['a b', 'a="b', '="x"', 'a="b"c"'])('rejects %s', (text) => {
    expect(() => parseMatchers(text)).toThrow()
  })

  it('uses Go regex semantics: . does not match a newline', () => {
    const [m] = parseMatchers('a=~"x.y"')
    expect(m?.matches('x-y')).toBe(true)
    expect(m?.matches('x\ny')).toBe(false)
  })
})

describe('fingerprint', () => {
  it('is FNV-1a 64 of the sorted label pairs, as Prometheus computes it', () => {
    expect(fingerprint({})).toBe('cbf29ce484222325')
    // The same label set in any key order has the same fingerprint.
    expect(fingerprint({ b: '2', a: '1' })).toBe(fingerprint({ a: '1', b: '2' }))
    expect(fingerprint({ a: '1' })).not.toBe(fingerprint({ a: '2' }))
  })

  it('formats label sets as group keys show them', () => {
    expect(formatLabelSet({ b: '2', a: 'x"y' })).toBe('{a="x\\"y", b="2"}')
  })
})
