// The rules both servers evaluate: for each of the fixture's metrics, ten recording rules of the kinds
// real rule files hold (per-series rates, aggregations by a label, quantiles, topk, ratios), so 100
// metrics give 1,000 rules, split evenly over `groups` groups named bench-0, bench-1, …

/** The name of the m-th metric of the fixture exporter. */
export function metricName(m) {
  return `bench_m${String(m).padStart(3, '0')}_total`
}

/** The ten rules for one metric, each with the number of samples it writes once ranges hold two points. */
function rulesFor(m, series) {
  const name = metricName(m)
  const shards = Math.min(10, series)
  return [
    [`rate(${name}[1m])`, series],
    [`sum(rate(${name}[1m]))`, 1],
    [`sum by (shard) (rate(${name}[1m]))`, shards],
    [`sum by (shard) (increase(${name}[2m]))`, shards],
    [`max by (shard) (${name})`, shards],
    [`avg(${name})`, 1],
    [`count by (shard) (${name} > 0)`, shards],
    [`topk(5, ${name})`, Math.min(5, series)],
    [`quantile(0.9, ${name})`, 1],
    [`sum by (shard) (${name}) / on (shard) count by (shard) (${name})`, shards],
  ].map(([expr, samples], k) => ({ record: `bench:m${String(m).padStart(3, '0')}:r${k}`, expr, samples }))
}

/** The groups: `metrics × 10` rules split evenly, in order. */
export function ruleGroups({ metrics, series, groups }) {
  const rules = []
  for (let m = 0; m < metrics; m++) rules.push(...rulesFor(m, series))
  const perGroup = Math.ceil(rules.length / groups)
  return Array.from({ length: groups }, (_, g) => ({
    name: `bench-${g}`,
    rules: rules.slice(g * perGroup, (g + 1) * perGroup),
  }))
}

/** Rule file YAML of {@link ruleGroups}, each group evaluated every `intervalS`. */
export function rulesYaml({ metrics, series, groups, intervalS }) {
  const lines = ['groups:']
  for (const group of ruleGroups({ metrics, series, groups })) {
    lines.push(`  - name: ${group.name}`, `    interval: ${intervalS}s`, '    rules:')
    for (const rule of group.rules)
      lines.push(`      - record: ${rule.record}`, `        expr: '${rule.expr}'`)
  }
  return lines.join('\n') + '\n'
}

/** Samples each group writes per complete evaluation, by group name: the bench's completeness check. */
export function expectedSamples({ metrics, series, groups }) {
  return new Map(
    ruleGroups({ metrics, series, groups }).map((g) => [g.name, g.rules.reduce((n, r) => n + r.samples, 0)]),
  )
}
