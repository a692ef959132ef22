// The PromQL engine against the real Prometheus (2.42, Debian's) on the same synthetic data: each
// query's latency on both, like for like (our evaluation time around Engine.instantQuery/rangeQuery,
// theirs the execTotalTime Prometheus reports with stats=all, both without HTTP or JSON), and a
// differential check of the results.
// Usage: npm run bench -- promql   (or: node bench/promql/vs-prometheus.js after npm run build)
// BENCH_PROMQL_SHAPE=small runs on 240 series × 1 h instead of 2,000 × 4 h; BENCH_PROMQL_RUNS (default 5)
// sets how many timed runs the median is taken over, BENCH_PROMQL_WARMUPS (default 3) the untimed ones.
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Engine } from '@watchfire/promql'
import { MemoryStorage } from '@watchfire/storage'
import { diffResults, fromApi, fromEngine } from './compare.js'
import { BENCH_SHAPE, SMALL_SHAPE, buildSeries, loadInto, sampleCount, writeOpenMetrics } from './data.js'
import { backfill, startPrometheus } from './prometheus.js'
import { QUERIES, queryTimes } from './queries.js'

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

function formatMs(ms) {
  return ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(0)} µs`
}

/** Both ways every query runs: instant near the end of the data, range over most of it. */
function cases(shape) {
  const t = queryTimes(shape)
  return QUERIES.flatMap((q) => [
    { ...q, kind: 'instant', params: { expr: q.expr, timeMs: t.instantMs } },
    {
      ...q,
      kind: 'range',
      params: { expr: q.expr, startMs: t.startMs, endMs: t.endMs, stepMs: t.stepMs },
    },
  ])
}

function runOurs(engine, storage, { expr, timeMs, startMs, endMs, stepMs }) {
  return stepMs === undefined
    ? engine.instantQuery(storage, expr, timeMs)
    : engine.rangeQuery(storage, expr, startMs, endMs, stepMs)
}

async function measure(engine, storage, prometheus, c, runs, warmups) {
  // Untimed runs first: V8 needs a few to optimise each query's paths (Go has no warm-up, but its
  // caches do); the first pair of results is what gets compared.
  const ours = await runOurs(engine, storage, c.params)
  const theirs = await prometheus.query(c.params)
  const mismatches = diffResults(fromEngine(ours.value), fromApi(theirs.data))
  for (let i = 1; i < warmups; i++) {
    await runOurs(engine, storage, c.params)
    await prometheus.query(c.params)
  }
  const oursMs = []
  const theirsMs = []
  for (let i = 0; i < runs; i++) {
    const began = performance.now()
    await runOurs(engine, storage, c.params)
    oursMs.push(performance.now() - began)
    theirsMs.push((await prometheus.query(c.params)).execMs)
  }
  return { ours: median(oursMs), theirs: median(theirsMs), mismatches }
}

export async function run() {
  const shape = process.env.BENCH_PROMQL_SHAPE === 'small' ? SMALL_SHAPE : BENCH_SHAPE
  const runs = Number(process.env.BENCH_PROMQL_RUNS ?? 5)
  const warmups = Number(process.env.BENCH_PROMQL_WARMUPS ?? 3)
  const dir = await mkdtemp(join(tmpdir(), 'watchfire-bench-promql-'))
  let prometheus
  try {
    const series = buildSeries(shape)
    const samples = series.length * sampleCount(shape)
    console.log(
      `\nPromQL: ${series.length} series × ${shape.hours} h at 15 s (${samples.toLocaleString('en')} samples)`,
    )
    let began = performance.now()
    const file = join(dir, 'data.om.txt')
    await writeOpenMetrics(series, shape, file)
    const dataDir = join(dir, 'data')
    await backfill(file, dataDir)
    const sizeMb = (await stat(file)).size / 1e6
    await rm(file)
    console.log(
      `backfilled with promtool from ${sizeMb.toFixed(0)} MB of OpenMetrics in ${formatMs(performance.now() - began)}`,
    )
    began = performance.now()
    const storage = new MemoryStorage()
    await loadInto(storage, series, shape)
    console.log(`loaded into MemoryStorage in ${formatMs(performance.now() - began)}`)
    prometheus = await startPrometheus(dir, dataDir)

    const engine = new Engine()
    const rows = []
    for (const c of cases(shape))
      rows.push({ ...c, ...(await measure(engine, storage, prometheus, c, runs, warmups)) })
    printTable(rows, runs, warmups)
    printMismatches(rows)
    return rows.map(({ name, kind, ours, theirs, mismatches }) => ({ name, kind, ours, theirs, mismatches }))
  } finally {
    await prometheus?.stop()
    await rm(dir, { recursive: true, force: true })
  }
}

function printTable(rows, runs, warmups) {
  const lines = [
    `\nPromQL engine on MemoryStorage (in-memory columns; the TSDB queryable is not wired in yet) vs Prometheus 2.42`,
    `on its backfilled 2 h blocks; medians of ${runs} runs after ${warmups} warm-ups, ours = Engine.*Query wall time, theirs = stats execTotalTime`,
    '| query | kind | watchfire | prometheus | ratio (prometheus / watchfire) |',
    '|---|---|---|---|---|',
  ]
  let logSum = 0
  for (const r of rows) {
    const ratio = r.theirs / r.ours
    logSum += Math.log(ratio)
    const flag = r.mismatches.length > 0 ? ' ≠' : ''
    lines.push(
      `| ${r.name}${flag} | ${r.kind} | ${formatMs(r.ours)} | ${formatMs(r.theirs)} | ${ratio.toFixed(2)}x |`,
    )
  }
  lines.push(`geometric mean of the ratios: ${Math.exp(logSum / rows.length).toFixed(2)}x (above 1: faster)`)
  console.log(lines.join('\n'))
}

function printMismatches(rows) {
  const bad = rows.filter((r) => r.mismatches.length > 0)
  if (bad.length === 0) {
    console.log('results: every query returned the same series and values as Prometheus (relative 1e-9)')
    return
  }
  console.log(`\nresult mismatches (≠) in ${bad.length} of ${rows.length} cases:`)
  for (const r of bad) {
    console.log(`- ${r.name} (${r.kind}): ${r.params.expr}`)
    for (const m of r.mismatches) console.log(`    ${m}`)
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
