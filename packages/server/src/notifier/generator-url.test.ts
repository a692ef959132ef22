import { describe, expect, it } from 'vitest'
import { queryEscape, tableLinkForExpression } from './generator-url.js'

describe('queryEscape (Go url.QueryEscape)', () => {
  it.each([
    ['up', 'up'],
    ['a b', 'a+b'],
    ['-_.~', '-_.~'],
    ["!'()*", '%21%27%28%29%2A'],
    ['rate(x{job="a"}[5m]) > 1', 'rate%28x%7Bjob%3D%22a%22%7D%5B5m%5D%29+%3E+1'],
    ['é/?&=+', '%C3%A9%2F%3F%26%3D%2B'],
    ['\uD800', '%EF%BF%BD'],
  ])('%j → %s', (input, want) => {
    expect(queryEscape(input)).toBe(want)
  })
})

describe('tableLinkForExpression', () => {
  it('links to the expression browser table tab', () => {
    expect(tableLinkForExpression('flag > 0')).toBe('/graph?g0.expr=flag+%3E+0&g0.tab=1')
  })
})
