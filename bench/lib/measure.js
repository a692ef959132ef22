// A small timing harness: each case runs its own loop of `iterations` (so call overhead is part of the
// operation, as in real code), after a warm-up; the median of `runs` timings is reported per operation.

/**
 * @param {(iterations: number) => unknown | Promise<unknown>} body runs the operation `iterations` times
 * @param {{ iterations: number, runs?: number, warmups?: number }} options
 * @returns {Promise<number>} median nanoseconds per operation
 */
export async function nsPerOp(body, { iterations, runs = 5, warmups = 2 }) {
  for (let i = 0; i < warmups; i++) await body(iterations)
  const samples = []
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint()
    await body(iterations)
    samples.push(Number(process.hrtime.bigint() - start) / iterations)
  }
  samples.sort((a, b) => a - b)
  return samples[Math.floor(samples.length / 2)]
}

/** Formats nanoseconds with a sensible unit. */
export function formatNs(ns) {
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(1)} ms`
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`
  return `${ns.toFixed(1)} ns`
}

/**
 * Prints one comparison table: each row is an operation timed for Watchfire and for the anchor in the
 * same run; the ratio is anchor / watchfire (above 1 means Watchfire is faster).
 * @param {string} title
 * @param {string} anchorName
 * @param {{ name: string, watchfire: number, anchor: number }[]} rows
 */
export function printComparison(title, anchorName, rows) {
  const lines = [
    `\n${title}`,
    `| operation | watchfire | ${anchorName} | ratio (${anchorName} / watchfire) |`,
    '|---|---|---|---|',
  ]
  for (const row of rows) {
    lines.push(
      `| ${row.name} | ${formatNs(row.watchfire)} | ${formatNs(row.anchor)} | ${(row.anchor / row.watchfire).toFixed(2)}x |`,
    )
  }
  console.log(lines.join('\n'))
}
