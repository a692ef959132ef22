// Rule evaluation: 1,000 recording rules over 100k series (and a smaller case, 200 rules over 20k),
// evaluated by our server and then by the real Prometheus (2.42, Debian's) with the same prometheus.yml
// and rule file, scraping the same fixture exporter (metrics × 1,000 series) in the same run. One after
// the other (the machine has 2 cores), each for the same window. The figure compared is what each server
// reports itself: prometheus_rule_group_last_duration_seconds, read from /metrics after every evaluation
// past the warm-up (which lets the range functions fill their windows). Only evaluations that wrote every
// expected sample count (a rate over a window holding one scrape writes nothing, and would flatter the
// figure), so both servers are compared on the same work. Scrapes are kept sparse (20 s) because our
// scrape parsing shares the event loop with rule evaluation, while Prometheus's runs on other cores.
// On a shared machine wall-clock durations swing with the load, so each server's CPU time (from
// /proc/<pid>/stat) between its first and last counted evaluation, per evaluation, is printed too: it
// holds the scrapes of that interval as well, the same work for both.
// Usage: npm run bench -- rules   (env: BENCH_RULES_SECONDS=105 per server, BENCH_RULES_WARMUP_SECONDS=30,
// BENCH_RULES_CASES=20,100 metrics per case, BENCH_RULES_SERIES=1000 per metric, BENCH_RULES_GROUPS=1,
// BENCH_RULES_INTERVAL_SECONDS=15, BENCH_RULES_SCRAPE_SECONDS=20, PROMETHEUS_BIN=/usr/bin/prometheus)
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expectedSamples, rulesYaml } from './rules-file.js'
import { freePort } from '../lib/ports.js'

const WINDOW_S = Number(process.env.BENCH_RULES_SECONDS ?? 105)
const WARMUP_S = Number(process.env.BENCH_RULES_WARMUP_SECONDS ?? 30)
const CASES = (process.env.BENCH_RULES_CASES ?? '20,100').split(',').map(Number)
const SERIES = Number(process.env.BENCH_RULES_SERIES ?? 1000)
const GROUPS = Number(process.env.BENCH_RULES_GROUPS ?? 1)
const INTERVAL_S = Number(process.env.BENCH_RULES_INTERVAL_SECONDS ?? 15)
const SCRAPE_S = Number(process.env.BENCH_RULES_SCRAPE_SECONDS ?? 20)
const PROMETHEUS = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus'
const WATCHFIRE = fileURLToPath(new URL('../../packages/cli/bin/watchfire.js', import.meta.url))
const EXPORTER = fileURLToPath(new URL('./fixture-exporter.js', import.meta.url))
// A server slower than the interval still gets this many complete evaluations counted, up to 4 windows.
const MIN_EVALUATIONS = 3
const TICKS_PER_S = 100
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

async function rssBytes(pid) {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(await readFile(`/proc/${pid}/status`, 'utf8'))
    return match === null ? 0 : Number(match[1]) * 1024
  } catch {
    return 0
  }
}

async function stop(child, graceMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
}

/** User plus system CPU seconds of a process so far, or NaN once it is gone. */
async function cpuSeconds(pid) {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th of those.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S
  } catch {
    return NaN
  }
}

async function startExporter(port, metrics) {
  const child = spawn(process.execPath, [EXPORTER, String(port), String(metrics), String(SERIES)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const line = await new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk) => resolve(chunk.toString().trim()))
    child.once('exit', (code) => reject(new Error(`cannot run fixture exporter (exited with ${code})`)))
  })
  if (line !== 'ready') throw new Error(`cannot start fixture exporter (said ${JSON.stringify(line)})`)
  return child
}

/** `name{rule_group="…"} value` lines of one metric, as a map from group to value. */
function byGroup(text, name) {
  const out = new Map()
  const pattern = new RegExp(`^${name}\\{rule_group="([^"]*)"\\} (\\S+)$`, 'gm')
  for (const m of text.matchAll(pattern)) out.set(m[1], Number(m[2]))
  return out
}

async function waitReady(base, child, name) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`cannot start ${name} (exited with ${child.exitCode})`)
    try {
      if ((await fetch(`${base}/-/ready`)).ok) return
    } catch {
      // not listening yet
    }
    await sleep(100)
  }
  throw new Error(`cannot reach ${base}/-/ready (${name})`)
}

/**
 * Runs one server, records every group evaluation after the warm-up (and the CPU time spent between
 * the first and the last one counted); the child is always stopped.
 */
async function measure(name, command, args, base, expected) {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderrTail = ''
  child.stderr.on('data', (chunk) => (stderrTail = (stderrTail + chunk.toString()).slice(-2000)))
  const startedMs = Date.now()
  const durations = []
  let partial = 0
  const partialSamples = new Set()
  const lastSeen = new Map()
  let peakRss = 0
  let failures = 0
  // CPU seconds when the first counted evaluation was seen, and evaluations completed since.
  let cpuStart = NaN
  let cpuEnd = NaN
  let evaluationsSinceCpuStart = 0
  try {
    await waitReady(base, child, name)
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}: ${stderrTail}`)
      const elapsedS = (Date.now() - startedMs) / 1000
      if (elapsedS >= WINDOW_S * 4) break
      if (elapsedS >= WINDOW_S && durations.length >= MIN_EVALUATIONS) break
      peakRss = Math.max(peakRss, await rssBytes(child.pid))
      let text
      try {
        text = await (await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(30_000) })).text()
      } catch {
        // A busy server may miss a poll; its gauges still hold the last evaluation at the next one.
        await sleep(1000)
        continue
      }
      const evaluatedAt = byGroup(text, 'prometheus_rule_group_last_evaluation_timestamp_seconds')
      const lastDuration = byGroup(text, 'prometheus_rule_group_last_duration_seconds')
      const lastSamples = byGroup(text, 'prometheus_rule_group_last_evaluation_samples')
      failures = [...byGroup(text, 'prometheus_rule_evaluation_failures_total').values()].reduce(
        (a, b) => a + b,
        0,
      )
      let evaluated = 0
      for (const [group, at] of evaluatedAt) {
        if (at <= 0 || lastSeen.get(group) === at) continue
        lastSeen.set(group, at)
        if (elapsedS < WARMUP_S) continue
        evaluated++
        const complete = lastSamples.get(group) === expected.get(group.slice(group.lastIndexOf(';') + 1))
        if (complete) durations.push(lastDuration.get(group) ?? NaN)
        else {
          partial++
          partialSamples.add(lastSamples.get(group))
        }
      }
      if (evaluated > 0) {
        const cpu = await cpuSeconds(child.pid)
        if (Number.isNaN(cpuStart)) cpuStart = cpu
        else {
          cpuEnd = cpu
          evaluationsSinceCpuStart += evaluated
        }
      }
      await sleep(1000)
    }
    const cpuPerEvaluation = (cpuEnd - cpuStart) / evaluationsSinceCpuStart
    return { durations, partial, partialSamples: [...partialSamples], peakRss, failures, cpuPerEvaluation }
  } finally {
    await stop(child)
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN
const seconds = (v) => (Number.isNaN(v) ? '–' : v >= 1 ? `${v.toFixed(2)} s` : `${(v * 1000).toFixed(0)} ms`)
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`

function printTable(metrics, expected, ours, prom) {
  const rows = [
    ['median last_duration per group evaluation', median(ours.durations), median(prom.durations), seconds],
    [
      'process CPU per evaluation (with its share of scrapes)',
      ours.cpuPerEvaluation,
      prom.cpuPerEvaluation,
      seconds,
    ],
    ['fastest group evaluation', Math.min(...ours.durations), Math.min(...prom.durations), seconds],
    ['slowest group evaluation', Math.max(...ours.durations), Math.max(...prom.durations), seconds],
    ['group evaluations counted', ours.durations.length, prom.durations.length, String],
    ['incomplete evaluations skipped', ours.partial, prom.partial, String],
    ['rule evaluation failures', ours.failures, prom.failures, String],
    ['peak RSS', ours.peakRss, prom.peakRss, mib],
  ]
  const lines = [
    `\nRule evaluation: ${metrics * 10} recording rules in ${GROUPS} group(s) every ${INTERVAL_S} s over ` +
      `${metrics * SERIES} series (scraped every ${SCRAPE_S} s), ${WINDOW_S} s window each, ` +
      `${WARMUP_S} s warm-up; counted evaluations wrote all ` +
      `${[...expected.values()].reduce((a, b) => a + b, 0)} samples`,
    '| metric | watchfire | prometheus | ratio (watchfire / prometheus) |',
    '|---|---|---|---|',
  ]
  for (const [metric, a, b, format] of rows) {
    const ratio = b === 0 || Number.isNaN(a / b) ? '–' : `${(a / b).toFixed(2)}x`
    lines.push(`| ${metric} | ${format(a)} | ${format(b)} | ${ratio} |`)
  }
  for (const [name, r] of [
    ['watchfire', ours],
    ['prometheus', prom],
  ]) {
    if (r.partial > 0)
      lines.push(`(${name}: incomplete evaluations wrote ${r.partialSamples.join(', ')} samples)`)
  }
  console.log(lines.join('\n'))
}

function configYaml(exporterPort, rulesFile) {
  return [
    'global:',
    `  scrape_interval: ${SCRAPE_S}s`,
    `  scrape_timeout: ${SCRAPE_S}s`,
    `  evaluation_interval: ${INTERVAL_S}s`,
    `rule_files: [${JSON.stringify(rulesFile)}]`,
    'scrape_configs:',
    '  - job_name: fixture',
    `    static_configs: [{ targets: ['127.0.0.1:${exporterPort}'] }]`,
    '',
  ].join('\n')
}

/** One case: exporter up, then ours, then the real Prometheus, then a table; cleans up always. */
async function runCase(metrics) {
  const dir = await mkdtemp(join(tmpdir(), 'watchfire-rules-bench-'))
  const expected = expectedSamples({ metrics, series: SERIES, groups: GROUPS })
  let exporter
  try {
    const rulesFile = join(dir, 'rules.yml')
    await writeFile(rulesFile, rulesYaml({ metrics, series: SERIES, groups: GROUPS, intervalS: INTERVAL_S }))
    const exporterPort = await freePort()
    exporter = await startExporter(exporterPort, metrics)
    const config = join(dir, 'prometheus.yml')
    await writeFile(config, configYaml(exporterPort, rulesFile))
    const server = async (name, command, prefix) => {
      const port = await freePort()
      return measure(
        name,
        command,
        [
          ...prefix,
          `--config.file=${config}`,
          `--storage.tsdb.path=${join(dir, `${name}-data`)}`,
          `--web.listen-address=127.0.0.1:${port}`,
        ],
        `http://127.0.0.1:${port}`,
        expected,
      )
    }
    const ours = await server('watchfire', process.execPath, [WATCHFIRE, 'server'])
    const prom = await server('prometheus', PROMETHEUS, [])
    printTable(metrics, expected, ours, prom)
  } finally {
    if (exporter !== undefined) await stop(exporter)
    await rm(dir, { recursive: true, force: true })
  }
}

/** Runs the suite: every case of BENCH_RULES_CASES, smallest first. */
export async function run() {
  for (const metrics of CASES) await runCase(metrics)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run()
