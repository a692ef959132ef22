import { describe, expect, it } from 'vitest'
import { ParseError } from '../errors.js'
import { formatOpenMetrics } from './openmetrics-format.js'
import { parseOpenMetrics } from './openmetrics-parse.js'

// Found by the fuzz suite (test/fuzz): a timestamp literal too large for a double read as ±Infinity
// milliseconds, which the formatter then wrote as "-Inf", a timestamp the parser itself refuses.
describe('parseOpenMetrics timestamps out of range (fuzz finding)', () => {
  it.each([
    ['# TYPE a gauge\na 0 -1e3081\n# EOF\n', 'timestamp out of range: "-1e3081"', 5],
    ['# TYPE a gauge\na 0 1e309\n# EOF\n', 'timestamp out of range: "1e309"', 5],
    ['# TYPE a gauge\na 0 1e306\n# EOF\n', 'timestamp out of range: "1e306"', 5],
    [
      '# TYPE a counter\na_total 1 # {x="y"} 1 1e400\n# EOF\n',
      'exemplar timestamp out of range: "1e400"',
      23,
    ],
  ])('refuses %j', (input, message, column) => {
    let caught: unknown
    try {
      parseOpenMetrics(input)
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(ParseError)
    expect((caught as ParseError).message).toContain(message)
    expect([(caught as ParseError).line, (caught as ParseError).column]).toEqual([2, column])
  })

  it('keeps the largest finite timestamps, which format back unchanged', () => {
    const text = '# TYPE a gauge\na 0 1e300\n# EOF\n'
    const families = parseOpenMetrics(text)
    expect(families[0]?.metrics[0]?.timestampMs).toBe(1e303)
    expect(formatOpenMetrics(parseOpenMetrics(formatOpenMetrics(families)))).toBe(formatOpenMetrics(families))
  })
})
