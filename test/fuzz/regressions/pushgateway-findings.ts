/**
 * Grouping key paths the fuzzers once broke the Pushgateway with, replayed first by every run of the
 * target. Each also has a regression test beside the fixed code.
 */
export const GROUPING_PATH_FINDINGS: readonly string[] = []
