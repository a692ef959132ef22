// Our Alertmanager (`watchfire alertmanager`, the built CLI) against Debian's prometheus-alertmanager 0.25 (the
// anchor, clustering off), each in its own process on 127.0.0.1, one after the other in the same run:
//   - ingestion: 10,000 alerts in 1,000 groups posted to /api/v2/alerts in batches of 100, 4 requests in flight
//     (the first round creates them, later rounds are Prometheus's re-sends), as alerts/s;
//   - notification latency with those 10,000 alerts active: one alert of a new group posted, until the webhook
//     receiver on loopback gets its notification (group_wait 0s), sequentially; p50 / p90 / p99. Measured the
//     same way for both: from just before the client writes the POST until the receiver (in this process) has
//     read the notification's whole body, after AM_BENCH_LATENCY_WARMUP samples of the same kind, reported
//     apart as "cold". Steady state comes after them: with `--trace-opt`, V8 still compiled about 20 functions
//     of this path (most of them Node's HTTP internals, up to 10 ms each) in the 2,000 notifications after a
//     1,000-sample warm-up; on 2 cores each compile job takes the core the receiver needs, and they made the
//     p99. After a 10,000-sample warm-up it compiled 2;
//   - after that, 10,000 new alerts in 1,000 new groups, the same way as the first round: the first round
//     runs in a process a fraction of a second old, where our code is still interpreted or being compiled
//     (Go's is not), so this round shows what a running Alertmanager does with new alerts;
//   - the time until all 1,000 groups' first notifications arrived, and the process's RSS;
//   - the CPU time (user + system, from /proc/<pid>/stat) the Alertmanager process spent per 1,000 alerts
//     posted (first posts until every group was notified; re-sends) and per latency notification: on a shared
//     machine wall time measures the neighbours too, CPU time mostly does not.
// Usage: npm run bench -- alertmanager   (or: node bench/run.js alertmanager after a build)
// Each side runs AM_BENCH_REPEATS (3) times, alternating, and each figure is the median of its runs.
// Both get the same alerts, groups, routing configuration and receiver (one webhook sink in this process).
// Env: AM_BENCH_GROUPS (1000), AM_BENCH_PER_GROUP (10), AM_BENCH_ROUNDS (5), AM_BENCH_LATENCY (2000: p99 is then the 20th slowest, not the 5th),
// AM_BENCH_LATENCY_WARMUP (10000);
// AM_BENCH_NODE_ARGS adds node flags to ours (e.g. "--cpu-prof --cpu-prof-dir=/tmp/am-prof" to profile it).
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { Agent, createServer, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { formatNs, printComparison } from '../lib/measure.js'
import { freePort } from '../lib/ports.js'

const REAL_BIN = process.env.ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager'
const OUR_BIN = fileURLToPath(new URL('../../packages/cli/bin/watchfire.js', import.meta.url))
const GROUPS = Number(process.env.AM_BENCH_GROUPS ?? 1000)
const PER_GROUP = Number(process.env.AM_BENCH_PER_GROUP ?? 10)
const ROUNDS = Number(process.env.AM_BENCH_ROUNDS ?? 5)
const LATENCY_SAMPLES = Number(process.env.AM_BENCH_LATENCY ?? 2000)
const LATENCY_WARMUP = Number(process.env.AM_BENCH_LATENCY_WARMUP ?? 10000)
const REPEATS = Number(process.env.AM_BENCH_REPEATS ?? 3)
const BATCH = 100
const IN_FLIGHT = 4
const CLOCK_TICKS_PER_S = 100

/** User + system CPU time of a process in ms (clock-tick resolution: 10 ms). */
function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S
}

/** The webhook receiver: remembers when each group's first notification arrived. */
async function startSink() {
  const firstSeen = new Map()
  const waiters = new Map()
  const server = createServer((req, res) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      const at = process.hrtime.bigint()
      const group = JSON.parse(Buffer.concat(chunks).toString()).groupLabels.group
      if (!firstSeen.has(group)) firstSeen.set(group, at)
      waiters.get(group)?.(at)
      waiters.delete(group)
      res.end()
    })
  })
  const port = await freePort()
  await new Promise((r) => server.listen(port, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${port}/hook`,
    firstSeen,
    /** Resolves with the hrtime at which `group` is (or was) first notified. */
    wait: (group) =>
      firstSeen.has(group)
        ? Promise.resolve(firstSeen.get(group))
        : new Promise((resolve) => waiters.set(group, resolve)),
    close: () => new Promise((r) => server.close(r)),
  }
}

const config = (hook) => `route:
  receiver: hook
  group_by: [group]
  group_wait: 0s
  group_interval: 10m
  repeat_interval: 1h
receivers:
  - name: hook
    webhook_configs: [{url: '${hook}'}]
`

async function waitReady(url, output) {
  const deadline = Date.now() + 20_000
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`cannot reach ${url}: ${output()}`)
}

async function start(name, command, argsFor, hook) {
  const dir = mkdtempSync(join(tmpdir(), 'watchfire-am-bench-'))
  writeFileSync(join(dir, 'am.yml'), config(hook))
  const port = await freePort()
  const child = spawn(command, argsFor(join(dir, 'am.yml'), join(dir, 'data'), port), {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let err = ''
  child.stderr.on('data', (c) => (err = (err + c).slice(-4000)))
  const url = `http://127.0.0.1:${port}`
  await waitReady(url, () => err)
  return {
    name,
    url,
    cpuMs: () => cpuMs(child.pid),
    rssBytes: () => {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))
      return m === null ? NaN : Number(m[1]) * 1024
    },
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => {
          rmSync(dir, { recursive: true, force: true })
          resolve()
        })
        child.kill('SIGTERM')
      }),
  }
}

const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT })

function post(url, body) {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/api/v2/alerts`,
      { method: 'POST', agent, headers: { 'Content-Type': 'application/json' } },
      (res) => {
        res.resume()
        res.on('end', () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`POST ${url}: HTTP ${res.statusCode}`)),
        )
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

/** The alert batches as JSON bodies: GROUPS x PER_GROUP alerts, like a rule's output over many instances. */
function batches(groupPrefix = 'g') {
  const startsAt = new Date().toISOString()
  const alerts = []
  for (let g = 0; g < GROUPS; g++) {
    for (let i = 0; i < PER_GROUP; i++) {
      alerts.push({
        labels: {
          alertname: 'BenchAlert',
          group: `${groupPrefix}${g}`,
          instance: `host-${i}:9100`,
          severity: 'warning',
        },
        annotations: {
          summary: `instance host-${i} of group ${groupPrefix}${g} is on fire`,
          runbook: 'https://example/rb',
        },
        startsAt,
        generatorURL: 'http://prometheus:9090/graph?g0.expr=up+%3D%3D+0',
      })
    }
  }
  const out = []
  for (let i = 0; i < alerts.length; i += BATCH) out.push(JSON.stringify(alerts.slice(i, i + BATCH)))
  return out
}

/** Posts every batch with IN_FLIGHT requests at a time; returns alerts/s. */
async function ingestRound(am, bodies) {
  let next = 0
  const t0 = process.hrtime.bigint()
  const worker = async () => {
    while (next < bodies.length) await post(am.url, bodies[next++])
  }
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker))
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9
  return (GROUPS * PER_GROUP) / seconds
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]

async function measure(am, sink) {
  const bodies = batches()
  const thousands = (GROUPS * PER_GROUP) / 1000
  const cpu0 = am.cpuMs()
  const t0 = process.hrtime.bigint()
  const rates = [await ingestRound(am, bodies)]
  const cpuIngested = am.cpuMs()
  // The first notifications of all groups, flushed at once (group_wait 0s) while the rest still arrives.
  await Promise.all(Array.from({ length: GROUPS }, (_, g) => sink.wait(`g${g}`)))
  const allNotifiedNs = Number(process.hrtime.bigint() - t0)
  const cpuNotified = am.cpuMs()
  for (let r = 1; r < ROUNDS; r++) rates.push(await ingestRound(am, bodies))
  const cpuResent = am.cpuMs()
  const resends = rates.slice(1).sort((a, b) => a - b)
  /** One latency sample: a new group's single alert posted, until its notification's body was read. */
  const sample = async (group) => {
    const body = JSON.stringify([{ labels: { alertname: 'BenchLatency', group, instance: 'x' } }])
    const sent = process.hrtime.bigint()
    const arrived = sink.wait(group)
    await post(am.url, body)
    return Number((await arrived) - sent)
  }
  const cold = []
  for (let i = 0; i < LATENCY_WARMUP; i++) cold.push(await sample(`warm-${i}`))
  cold.sort((a, b) => a - b)
  const cpuWarm = am.cpuMs()
  const latencies = []
  for (let i = 0; i < LATENCY_SAMPLES; i++) latencies.push(await sample(`lat-${i}`))
  latencies.sort((a, b) => a - b)
  const cpuEnd = am.cpuMs()
  // New alerts in new groups once the process is warm: the first round above ran in a process a
  // fraction of a second old, which for ours means code still interpreted or being compiled.
  const warmNewRate = await ingestRound(am, batches('n'))
  await Promise.all(Array.from({ length: GROUPS }, (_, g) => sink.wait(`n${g}`)))
  const cpuWarmNew = am.cpuMs()
  return {
    cpuFirstPostMs: (cpuIngested - cpu0) / thousands,
    cpuFirstAllMs: (cpuNotified - cpu0) / thousands,
    cpuResendMs: (cpuResent - cpuNotified) / thousands / Math.max(1, ROUNDS - 1),
    cpuPerLatencyMs: (cpuEnd - cpuWarm) / Math.max(1, LATENCY_SAMPLES),
    cpuWarmNewMs: (cpuWarmNew - cpuEnd) / thousands,
    firstRate: rates[0],
    warmNewRate,
    resendRate: resends[resends.length >> 1] ?? rates[0],
    allNotifiedNs,
    p50: percentile(latencies, 0.5),
    p90: percentile(latencies, 0.9),
    p99: percentile(latencies, 0.99),
    coldP50: percentile(cold, 0.5),
    coldP99: percentile(cold, 0.99),
    rss: am.rssBytes(),
  }
}

async function runOne(name, command, argsFor) {
  const sink = await startSink()
  const am = await start(name, command, argsFor, sink.url)
  try {
    return await measure(am, sink)
  } finally {
    await am.stop()
    await sink.close()
  }
}

const FIGURES = [
  'firstRate',
  'warmNewRate',
  'resendRate',
  'allNotifiedNs',
  'p50',
  'p90',
  'p99',
  'coldP50',
  'coldP99',
  'rss',
  'cpuFirstPostMs',
  'cpuFirstAllMs',
  'cpuResendMs',
  'cpuPerLatencyMs',
  'cpuWarmNewMs',
]

/** Per figure, the median of the runs (and every run's value, to show the spread a shared machine adds). */
function medians(runs) {
  const out = { all: {} }
  for (const key of FIGURES) {
    const values = runs.map((r) => r[key]).sort((a, b) => a - b)
    out[key] =
      values.length % 2 === 1
        ? values[values.length >> 1]
        : (values[values.length / 2 - 1] + values[values.length / 2]) / 2
    out.all[key] = values
  }
  return out
}

export async function run() {
  const nodeArgs = (process.env.AM_BENCH_NODE_ARGS ?? '').split(' ').filter((a) => a !== '')
  const ourArgs = (cfg, data, port) => [
    ...nodeArgs,
    OUR_BIN,
    'alertmanager',
    `--config.file=${cfg}`,
    `--storage.path=${data}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=',
    '--log.level=error',
  ]
  const realArgs = (cfg, data, port) => [
    `--config.file=${cfg}`,
    `--storage.path=${data}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=',
    '--log.level=error',
  ]
  const oursRuns = []
  const realRuns = []
  // Alternated, so neither gets a quieter share of the shared machine.
  for (let i = 0; i < REPEATS; i++) {
    oursRuns.push(await runOne('watchfire', process.execPath, ourArgs))
    realRuns.push(await runOne('alertmanager 0.25', REAL_BIN, realArgs))
  }
  const ours = medians(oursRuns)
  const real = medians(realRuns)
  agent.destroy()
  const n = GROUPS * PER_GROUP
  // Rates become time per alert so that the shared table's ratio (anchor / watchfire) reads "above 1 = faster".
  printComparison(
    `Alertmanager: watchfire vs prometheus-alertmanager 0.25 (${n} alerts in ${GROUPS} groups, median of ${REPEATS})`,
    'alertmanager 0.25',
    [
      {
        name: `POST /api/v2/alerts, first ${n} (per alert)`,
        watchfire: 1e9 / ours.firstRate,
        anchor: 1e9 / real.firstRate,
      },
      {
        name: `POST /api/v2/alerts, ${n} new alerts in new groups once warm (per alert)`,
        watchfire: 1e9 / ours.warmNewRate,
        anchor: 1e9 / real.warmNewRate,
      },
      {
        name: `POST /api/v2/alerts, re-sends (per alert, median of ${ROUNDS - 1} rounds)`,
        watchfire: 1e9 / ours.resendRate,
        anchor: 1e9 / real.resendRate,
      },
      {
        name: `all ${GROUPS} groups notified after the first post began`,
        watchfire: ours.allNotifiedNs,
        anchor: real.allNotifiedNs,
      },
      { name: 'notification latency p50 (post → webhook)', watchfire: ours.p50, anchor: real.p50 },
      { name: 'notification latency p90', watchfire: ours.p90, anchor: real.p90 },
      { name: 'notification latency p99', watchfire: ours.p99, anchor: real.p99 },
      {
        name: `cold notification latency p50 (the ${LATENCY_WARMUP} warm-up samples)`,
        watchfire: ours.coldP50,
        anchor: real.coldP50,
      },
      { name: 'cold notification latency p99', watchfire: ours.coldP99, anchor: real.coldP99 },
      {
        name: 'CPU per 1k first posts (POST handling only)',
        watchfire: ours.cpuFirstPostMs * 1e6,
        anchor: real.cpuFirstPostMs * 1e6,
      },
      {
        name: 'CPU per 1k first posts, until all groups notified',
        watchfire: ours.cpuFirstAllMs * 1e6,
        anchor: real.cpuFirstAllMs * 1e6,
      },
      {
        name: 'CPU per 1k re-sent alerts',
        watchfire: ours.cpuResendMs * 1e6,
        anchor: real.cpuResendMs * 1e6,
      },
      {
        name: 'CPU per 1k new alerts once warm, until their groups were notified',
        watchfire: ours.cpuWarmNewMs * 1e6,
        anchor: real.cpuWarmNewMs * 1e6,
      },
      {
        name: 'CPU per latency notification (post + flush + webhook)',
        watchfire: ours.cpuPerLatencyMs * 1e6,
        anchor: real.cpuPerLatencyMs * 1e6,
      },
    ],
  )
  const mb = (b) => `${(b / 1048576).toFixed(0)} MB`
  const show = (key, values) =>
    values
      .map((v) =>
        key === 'rss'
          ? mb(v)
          : key.endsWith('Ns') || /^(cold)?[pP]\d+$/.test(key)
            ? formatNs(v)
            : v.toFixed(key.startsWith('cpu') ? 2 : 0),
      )
      .join(', ')
  console.log(
    [
      `alerts/s ingested (first / re-sends): watchfire ${ours.firstRate.toFixed(0)} / ${ours.resendRate.toFixed(0)}, ` +
        `alertmanager 0.25 ${real.firstRate.toFixed(0)} / ${real.resendRate.toFixed(0)} ` +
        `(ratio ${(ours.firstRate / real.firstRate).toFixed(2)}x / ${(ours.resendRate / real.resendRate).toFixed(2)}x)`,
      `notification latency p50/p90/p99: watchfire ${formatNs(ours.p50)} / ${formatNs(ours.p90)} / ${formatNs(ours.p99)}, ` +
        `alertmanager 0.25 ${formatNs(real.p50)} / ${formatNs(real.p90)} / ${formatNs(real.p99)} ` +
        `(ratio ${(real.p50 / ours.p50).toFixed(2)}x / ${(real.p90 / ours.p90).toFixed(2)}x / ${(real.p99 / ours.p99).toFixed(2)}x; above 1 = watchfire faster)`,
      `CPU per 1k first posts until all notified / per 1k re-sends / per latency notification: ` +
        `watchfire ${ours.cpuFirstAllMs.toFixed(1)} / ${ours.cpuResendMs.toFixed(1)} / ${ours.cpuPerLatencyMs.toFixed(2)} ms, ` +
        `alertmanager 0.25 ${real.cpuFirstAllMs.toFixed(1)} / ${real.cpuResendMs.toFixed(1)} / ${real.cpuPerLatencyMs.toFixed(2)} ms ` +
        `(ratio ${(real.cpuFirstAllMs / ours.cpuFirstAllMs).toFixed(2)}x / ${(real.cpuResendMs / ours.cpuResendMs).toFixed(2)}x / ` +
        `${(real.cpuPerLatencyMs / ours.cpuPerLatencyMs).toFixed(2)}x; above 1 = watchfire cheaper)`,
      `RSS after the run: watchfire ${mb(ours.rss)}, alertmanager 0.25 ${mb(real.rss)}`,
      'every run (sorted), watchfire | alertmanager 0.25:',
      ...FIGURES.map((key) => `  ${key}: ${show(key, ours.all[key])} | ${show(key, real.all[key])}`),
    ].join('\n'),
  )
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run()
