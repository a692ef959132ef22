/**
 * Queries the fuzzers once broke the PromQL parser or printer with, replayed first by every run of
 * their targets. Each also has a regression test beside the fixed code.
 */
export const PROMQL_FINDINGS: readonly string[] = [
  // Stack overflow (RangeError) in the recursive parser, type checker and printer.
  '('.repeat(3000) + '1' + ')'.repeat(3000),
  '-'.repeat(10_000) + '1',
  Array.from({ length: 3000 }, () => 'x').join(' + '),
  // The same in duration expressions of ranges, steps and offsets.
  'x[' + '('.repeat(5000) + '5m' + ')'.repeat(5000) + ']',
  'x[5m:' + Array.from({ length: 5000 }, () => 'step()').join('+') + ']',
]
