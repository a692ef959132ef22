import { describe, expect, it } from 'vitest'
import { PromQLParseError } from './parse-error.js'
import { parseExpr } from './parser.js'
import { formatExpr } from './printer.js'
import { MAX_NESTING } from './nesting.js'

function nestError(query: string): PromQLParseError {
  try {
    parseExpr(query)
  } catch (err) {
    expect(err).toBeInstanceOf(PromQLParseError)
    return err as PromQLParseError
  }
  throw new Error('expected the query to be refused')
}

// Found by the fuzz suite (test/fuzz): deep queries overflowed the stack (a RangeError) in the
// recursive parser, type checker and printer instead of failing as a parse error.
describe('nesting depth (fuzz finding)', () => {
  it.each([
    ['parentheses', '('.repeat(3000) + '1' + ')'.repeat(3000), '1:1001'],
    ['unary minus', '-'.repeat(10_000) + '1', '1:1001'],
    ['function calls', 'abs('.repeat(3000) + 'x' + ')'.repeat(3000), '1:4001'],
    ['a long operator chain', Array.from({ length: 3000 }, () => 'x').join(' + '), '1:8001'],
    ['right-associative powers', Array.from({ length: 3000 }, () => '2').join('^'), '1:2001'],
    ['a parenthesised range', 'x[' + '('.repeat(5000) + '5m' + ')'.repeat(5000) + ']', '1:1002'],
    [
      'a subquery step chain',
      'x[5m:' + Array.from({ length: 5000 }, () => 'step()').join('+') + ']',
      '1:28013',
    ],
    [
      'an offset chain',
      'x offset (' + Array.from({ length: 5000 }, () => 'step()').join('+') + ')',
      '1:28018',
    ],
  ])('refuses %s', (_, query, where) => {
    const err = nestError(query)
    expect(err.message).toBe(
      `${where}: parse error: expression nests too deeply (more than ${MAX_NESTING} levels)`,
    )
  })

  it.each([
    ['parentheses', '('.repeat(MAX_NESTING - 1) + '1' + ')'.repeat(MAX_NESTING - 1)],
    ['an operator chain', Array.from({ length: MAX_NESTING - 1 }, () => 'x').join(' or ')],
    ['a range step chain', 'x[' + Array.from({ length: MAX_NESTING - 2 }, () => 'step()').join('+') + ']'],
  ])('accepts and prints %s up to the limit', (_, query) => {
    const printed = formatExpr(parseExpr(query))
    expect(formatExpr(parseExpr(printed))).toBe(printed)
  })
})
