import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

// The shared conformance data, read in place beside the repository as CI lays it out (never copied in).
const ROOT =
  process.env['FUZZ_CONFORMANCE_DIR'] ??
  fileURLToPath(new URL('../../../../shared/conformance', import.meta.url))

// Stand-ins so every target still has seeds when the shared data is absent.
const FALLBACK_EXPOSITION = [
  '# HELP a_total A counter.\n# TYPE a_total counter\na_total{x="1"} 3 1000\n',
  '# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2\nh_sum 3\nh_count 2\n',
  '# TYPE s summary\ns{quantile="0.5"} 1\ns_sum 2\ns_count 3\n# EOF\n',
]
const FALLBACK_PROMQL = [
  'sum by (job) (rate(http_requests_total{code=~"5.."}[5m] offset 1m))',
  'a + on(b) group_left c',
]

/** The OpenMetrics parser suite's payloads (good and bad), as text. */
export function openMetricsSeeds(): string[] {
  const dir = join(ROOT, 'openmetrics', 'parsers')
  if (!existsSync(dir)) return FALLBACK_EXPOSITION
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => readFileSync(join(dir, name, 'metrics'), 'utf8'))
}

const EVAL_HEADER =
  /^eval(?:_\w+)?\s+(?:instant\s+at\s+\S+|range\s+from\s+\S+\s+to\s+\S+\s+step\s+\S+)\s+(.*)$/

/** Every expression evaluated by the upstream promqltest scripts, deduplicated. */
export function promqlSeeds(): string[] {
  const dir = join(ROOT, 'promql')
  if (!existsSync(dir)) return FALLBACK_PROMQL
  const seen = new Set<string>()
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.test'))
    .sort()) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      const expr = EVAL_HEADER.exec(line.trim())?.[1]
      if (expr !== undefined && expr !== '') seen.add(expr)
    }
  }
  return [...seen]
}

/** The promqltest scripts themselves, whose `load` blocks hold series selectors. */
export function promqlSelectorSeeds(): string[] {
  const dir = join(ROOT, 'promql')
  if (!existsSync(dir)) return ['up{job="api"}', '{__name__=~"x.*"}']
  const seen = new Set<string>()
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.test'))
    .sort()) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      // Series lines of `load` blocks: indented, a selector then values.
      const m = /^\s+([^\s{]*\{[^}]*\}|[a-zA-Z_:][\w:]*)\s/.exec(line)
      if (m?.[1] !== undefined) seen.add(m[1])
    }
  }
  return [...seen]
}
