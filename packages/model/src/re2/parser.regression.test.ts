import { describe, expect, it } from 'vitest'
import { compileAnchoredRegex } from '../matcher.js'
import { InvalidRegexError } from './invalid-regex-error.js'

// Found by the fuzz suite (test/fuzz): thousands of nested groups overflowed the stack of the
// recursive RE2 parser (a RangeError). Go's regexp/syntax refuses nesting past 1000 levels too.
describe('RE2 nesting depth (fuzz finding)', () => {
  it.each([
    ['(?:'.repeat(5000) + 'a' + ')'.repeat(5000)],
    ['('.repeat(1000) + 'a' + ')'.repeat(1000)],
    ['(a|'.repeat(3000) + 'b' + ')'.repeat(3000)],
  ])('refuses %#', (pattern) => {
    let caught: unknown
    try {
      compileAnchoredRegex(pattern)
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(InvalidRegexError)
    expect((caught as InvalidRegexError).message).toContain('expression nests too deeply')
  })

  it('still accepts 999 nested groups', () => {
    const re = compileAnchoredRegex('(?:'.repeat(999) + 'a' + ')*'.repeat(999))
    expect(re.test('aaa')).toBe(true)
    expect(re.test('b')).toBe(false)
  })
})
