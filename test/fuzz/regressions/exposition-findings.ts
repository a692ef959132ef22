/**
 * Inputs the fuzzers once broke the exposition parsers with, replayed first by every run of their
 * targets. Each also has a regression test beside the fixed code.
 */
export const TEXT_FINDINGS: readonly string[] = [
  // `le` on a histogram's _sum made a second metric, which formatText wrote with `le` twice
  // (text-parse.regression.test.ts).
  '# TYPE a histogram\na_bucket{le="-1"} 0\na_bucketa_bucket{le="+Inf"} 0\na_sum{le="+Inf"} 0\na_sum 0\na_count 0\n',
]

/** OpenMetrics findings, as text. */
export const OPENMETRICS_FINDINGS: readonly string[] = [
  // A timestamp too large for a double read as -Infinity ms; formatted as "-Inf", it no longer parsed
  // (openmetrics-parse.regression.test.ts).
  '# TYPE a gauge\na 0 -1e3081\na 0 -1.1\n# EOF\n',
]

/** Protobuf exposition findings. */
export const PROTOBUF_FINDINGS: readonly Uint8Array[] = []
