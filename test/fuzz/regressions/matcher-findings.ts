/**
 * Patterns and matcher lists the fuzzers once broke a parser with, replayed first by every run of
 * their targets. Each also has a regression test beside the fixed code.
 */
export const REGEX_FINDINGS: readonly string[] = [
  // Stack overflow (RangeError) in the recursive RE2 parser.
  '(?:'.repeat(5000) + 'a' + ')'.repeat(5000),
  // Exponential backtracking on V8 against long values (issue 16); now run by the linear-time matcher.
  '(a*)*b',
  '(a|aa)*c',
  '(x+x+)+y',
  '(\\w+\\s?)*$',
]

/** Alertmanager matcher findings. */
export const MATCHER_FINDINGS: readonly string[] = []
