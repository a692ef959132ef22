// Rule evaluation in one process, without HTTP or scrapes: a TSDB filled the way the fixture exporter
// and a 20 s scrape would fill it (metrics × series counters, `minutes` of samples), then the bench's
// rules evaluated through the same RuleGroup, Engine and Appender the server uses, one group per kind
// of rule (rate, sum of rates, topk, …, each over every metric) so that the CPU time of each kind shows.
// Prints wall and CPU time per evaluation of all of them: the figure to profile and to compare before
// and after a change, free of the scheduling noise of the two-server comparison (vs-prometheus.js).
// Usage: node bench/rules/in-process.js [metrics=100] [series=1000] [evaluations=5] [minutes=6]
// (env BENCH_RULES_PROFILE=<file.cpuprofile> writes a CPU profile of the evaluations only, not the fill).
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { Session } from 'node:inspector/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Labels } from '@watchfire/model'
import { Engine } from '@watchfire/promql'
import { buildGroups, engineQueryFunc, parseRuleFile, RuleMetrics } from '@watchfire/server'
import { openDB } from '@watchfire/tsdb'
import { metricName, rulesYaml } from './rules-file.js'

const SCRAPE_MS = 20_000
const INTERVAL_MS = 15_000
const KINDS = 10

/** Appends `minutes` of 20 s scrapes of the fixture's counters, ending at `endMs`. */
async function fill(db, metrics, series, minutes, endMs) {
  const labels = []
  for (let m = 0; m < metrics; m++) {
    for (let s = 0; s < series; s++) {
      labels.push(
        Labels.fromRecord({
          __name__: metricName(m),
          instance: '127.0.0.1:9999',
          job: 'fixture',
          series: String(s),
          shard: String(s % 10),
        }),
      )
    }
  }
  const scrapes = Math.floor((minutes * 60_000) / SCRAPE_MS)
  for (let k = 0; k < scrapes; k++) {
    const t = endMs - (scrapes - 1 - k) * SCRAPE_MS
    const app = db.appender()
    for (let i = 0; i < labels.length; i++) app.append(0, labels[i], t, (k + 1) * ((i % series) + 1))
    await app.commit()
  }
}

/** The bench's rule file split into one group per kind of rule (the k-th rule of every metric). */
function groupsByKind(metrics, series, file) {
  const [all] = parseRuleFile(rulesYaml({ metrics, series, groups: 1, intervalS: INTERVAL_MS / 1000 }), file)
  return Array.from({ length: KINDS }, (_, k) => ({
    ...all,
    name: all.rules[k].expr.replace(/bench_m\d+_total/g, 'x'),
    rules: all.rules.filter((_, i) => i % KINDS === k),
  }))
}

async function startProfile(path) {
  if (path === undefined) return async () => undefined
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.start')
  return async () => {
    const { profile } = await session.post('Profiler.stop')
    await writeFile(path, JSON.stringify(profile))
    session.disconnect()
  }
}

/**
 * Runs the harness; returns per evaluation the wall and CPU ms of all groups and the CPU ms of each
 * kind of rule.
 */
export async function run({ metrics = 100, series = 1000, evaluations = 5, minutes = 6 } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'watchfire-rules-inproc-'))
  const db = await openDB(dir, {})
  try {
    const startMs = Math.floor(Date.now() / INTERVAL_MS) * INTERVAL_MS
    await fill(db, metrics, series, minutes, startMs)
    const engine = new Engine({})
    const errors = []
    const groups = buildGroups(
      groupsByKind(metrics, series, join(dir, 'rules.yml')),
      { intervalMs: INTERVAL_MS, queryOffsetMs: 0, restored: true },
      {
        appendable: db,
        query: engineQueryFunc(engine, db),
        notify: () => undefined,
        clock: { now: () => Date.now(), sleepUntil: async () => undefined },
        metrics: new RuleMetrics(),
        externalLabels: {},
        externalURL: '',
        resendDelayMs: 60_000,
        log: (message, err) => errors.push(`${message}: ${err}`),
      },
    )
    const results = []
    const stopProfile = await startProfile(process.env.BENCH_RULES_PROFILE)
    for (let e = 0; e < evaluations; e++) {
      const began = performance.now()
      const cpuByKind = new Map()
      for (const group of groups) {
        const cpu = process.cpuUsage()
        await group.eval(startMs + e * INTERVAL_MS)
        const { user, system } = process.cpuUsage(cpu)
        cpuByKind.set(group.name, (user + system) / 1000)
      }
      const cpuMs = [...cpuByKind.values()].reduce((a, b) => a + b, 0)
      results.push({ wallMs: performance.now() - began, cpuMs, cpuByKind })
    }
    await stopProfile()
    if (errors.length > 0) throw new Error(`cannot evaluate the bench rules (${errors[0]})`)
    return results
  } finally {
    await db.close()
    await rm(dir, { recursive: true, force: true })
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [metrics, series, evaluations, minutes] = process.argv.slice(2).map(Number)
  const results = await run({ metrics, series, evaluations, minutes })
  for (const [i, r] of results.entries())
    console.log(`evaluation ${i + 1}: wall ${r.wallMs.toFixed(0)} ms, cpu ${r.cpuMs.toFixed(0)} ms`)
  // The first evaluation creates the output series; the later ones are the steady state.
  const steady = results.slice(1)
  if (steady.length > 0) {
    console.log('median CPU ms per evaluation, by kind of rule (evaluations after the first):')
    for (const kind of steady[0].cpuByKind.keys()) {
      const ms = steady.map((r) => r.cpuByKind.get(kind)).sort((a, b) => a - b)
      console.log(`  ${ms[Math.floor(ms.length / 2)].toFixed(0).padStart(6)}  ${kind}`)
    }
  }
}
