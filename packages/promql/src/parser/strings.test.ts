import { describe, expect, it } from 'vitest'
import { quoteString, unquoteString } from './strings.js'

describe('unquoteString', () => {
  it.each([
    ['"a\\tb\\n\\\\\\""', 'a\tb\n\\"'],
    ["'it\\'s'", "it's"],
    ['`raw \\n "x"`', 'raw \\n "x"'],
    ['"\\a\\b\\f\\r\\v"', '\x07\b\f\r\v'],
    ['"\\x41\\101\\u00e4\\U0001f600"', 'AAä😀'],
    ['"\\xc3\\xa4"', 'ä'],
    ['"a\\xc5z"', 'a\udcc5z'],
  ])('%s', (quoted, expected) => {
    expect(unquoteString(quoted)).toBe(expected)
  })
})

describe('quoteString', () => {
  it.each([
    ['plain', '"plain"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['tab\tnl\n', '"tab\\tnl\\n"'],
    ['\x00\x7f\u00a0\u2028', '"\\x00\\x7f\\u00a0\\u2028"'],
    ['äö😀', '"äö😀"'],
    ['a\udcc5z', '"a\\xc5z"'],
  ])('%j', (value, expected) => {
    expect(quoteString(value)).toBe(expected)
  })

  it('round-trips through unquoteString', () => {
    for (const s of ['', 'a\\b', '\u0001\u00ff', 'x\udcffy', '日本'])
      expect(unquoteString(quoteString(s))).toBe(s)
  })
})
