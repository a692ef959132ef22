// Scrape load: 1,000 targets × 1,000 series at a 15 s interval, served by one fake exporter process on
// loopback, scraped by our server and then by the real Prometheus (one after the other: 2 cores), each for
// the same window with the same prometheus.yml. Reports missed scrapes, CPU seconds and RSS side by side.
// Usage: npm run bench -- server   (env: BENCH_SCRAPE_SECONDS=75, BENCH_SCRAPE_TARGETS=1000,
// BENCH_SCRAPE_SERIES=1000, BENCH_SCRAPE_BASE_PORT=30000, PROMETHEUS_BIN=/usr/bin/prometheus,
// WATCHFIRE_BIN=<a watchfire.js outside the shared checkout>, WATCHFIRE_NODE_ARGS="--cpu-prof --cpu-prof-dir=…")
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from '../lib/ports.js'

const WINDOW_S = Number(process.env.BENCH_SCRAPE_SECONDS ?? 75)
const TARGETS = Number(process.env.BENCH_SCRAPE_TARGETS ?? 1000)
const SERIES = Number(process.env.BENCH_SCRAPE_SERIES ?? 1000)
const BASE_PORT = Number(process.env.BENCH_SCRAPE_BASE_PORT ?? 30000)
const PROMETHEUS = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus'
const WATCHFIRE =
  process.env.WATCHFIRE_BIN ?? fileURLToPath(new URL('../../packages/cli/bin/watchfire.js', import.meta.url))
const WATCHFIRE_NODE_ARGS = (process.env.WATCHFIRE_NODE_ARGS ?? '').split(' ').filter((a) => a !== '')
const EXPORTER = fileURLToPath(new URL('./fake-exporter.js', import.meta.url))
const INTERVAL_S = 15
const CLK_TCK = 100
// Scrapes are counted over whole intervals at the end of the window, after one interval of warm-up: a
// steady scraper has exactly COUNTED_S / INTERVAL_S samples of `up` per target in any such range, while
// the first interval depends on start-up and on when each target's offset falls (Prometheus also holds
// new targets back ~5 s), which would count as misses that are not.
const COUNTED_S = Math.max(1, Math.floor((WINDOW_S - INTERVAL_S) / INTERVAL_S)) * INTERVAL_S
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** User + system CPU seconds of a process so far, from /proc/<pid>/stat. */
async function cpuSeconds(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK
}

/** Resident set size in bytes, from /proc/<pid>/status (0 once the process is gone). */
async function rssBytes(pid) {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8')
    const match = /^VmRSS:\s+(\d+) kB/m.exec(status)
    return match === null ? 0 : Number(match[1]) * 1024
  } catch {
    return 0
  }
}

/** Sends SIGTERM, then SIGKILL if the process has not exited within `graceMs`. */
async function stop(child, graceMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
}

/** Starts the fake exporter and resolves once all its ports listen; `served()` asks for its scrape count. */
async function startExporter() {
  const child = spawn(process.execPath, [EXPORTER, String(BASE_PORT), String(TARGETS), String(SERIES)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const waiters = []
  let buffered = ''
  child.stdout.on('data', (chunk) => {
    buffered += chunk.toString()
    let newline
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline)
      buffered = buffered.slice(newline + 1)
      waiters.shift()?.(line)
    }
  })
  const nextLine = () =>
    new Promise((resolve, reject) => {
      waiters.push(resolve)
      child.once('exit', (code) => reject(new Error(`cannot run fake exporter (exited with ${code})`)))
    })
  const ready = await nextLine()
  if (ready !== 'ready') throw new Error(`cannot start fake exporter (said ${JSON.stringify(ready)})`)
  const served = async () => {
    const line = nextLine()
    child.kill('SIGUSR2')
    return Number((await line).split(' ')[1])
  }
  return { child, served }
}

function configYaml() {
  const targets = Array.from({ length: TARGETS }, (_, i) => `          - 127.0.0.1:${BASE_PORT + i}`)
  return [
    'global:',
    `  scrape_interval: ${INTERVAL_S}s`,
    '  scrape_timeout: 10s',
    'scrape_configs:',
    '  - job_name: fake',
    '    static_configs:',
    '      - targets:',
    ...targets,
    '',
  ].join('\n')
}

/**
 * One instant query; the first result's value as a number, or 0 when the result is empty. A server
 * too backlogged to answer (it may drop the connection) gets three tries, then NaN, so the table still
 * shows what was measured.
 */
async function queryNumber(base, expr, timeS) {
  const url = `${base}/api/v1/query?query=${encodeURIComponent(expr)}&time=${timeS}`
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(120_000) })
      const body = await res.json()
      if (body.status !== 'success')
        throw new Error(`cannot query ${expr} (${JSON.stringify(body).slice(0, 200)})`)
      const first = body.data.result[0]
      return first === undefined ? 0 : Number(first.value[1])
    } catch (err) {
      console.error(`query ${expr} failed (attempt ${attempt}): ${err.cause?.code ?? err.message}`)
      if (attempt === 3) return NaN
      await sleep(5000)
    }
  }
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

/** Runs one server for the window from its spawn and measures it; the child is always stopped. */
async function measure(name, command, args, base, exporter) {
  const servedBefore = await exporter.served()
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderrTail = ''
  child.stderr.on('data', (chunk) => (stderrTail = (stderrTail + chunk.toString()).slice(-2000)))
  const startedMs = Date.now()
  try {
    const cpuStart = await cpuSeconds(child.pid)
    await waitReady(base, child, name)
    const readyS = (Date.now() - startedMs) / 1000
    let peakRss = 0
    let finalRss = 0
    // How long /-/ready takes to answer, every 5 s: a single-threaded server's event-loop backlog.
    const readyMs = []
    let probedMs = 0
    while (Date.now() - startedMs < WINDOW_S * 1000) {
      if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}: ${stderrTail}`)
      finalRss = await rssBytes(child.pid)
      peakRss = Math.max(peakRss, finalRss)
      if (Date.now() - probedMs >= 5000) {
        probedMs = Date.now()
        try {
          await fetch(`${base}/-/ready`, { signal: AbortSignal.timeout(30_000) })
          readyMs.push(Date.now() - probedMs)
        } catch {
          readyMs.push(30_000)
        }
      }
      await sleep(Math.max(0, Math.min(1000, WINDOW_S * 1000 - (Date.now() - startedMs))))
    }
    const maxReadyMs = Math.max(...readyMs)
    const cpu = (await cpuSeconds(child.pid)) - cpuStart
    const served = (await exporter.served()) - servedBefore
    const nowS = Date.now() / 1000
    const queriedMs = Date.now()
    const scrapes = await queryNumber(base, `sum(count_over_time(up[${COUNTED_S}s]))`, nowS)
    const down = await queryNumber(base, 'count(up == 0)', nowS)
    const samples = await queryNumber(base, 'sum(scrape_samples_scraped)', nowS)
    const p99 = await queryNumber(base, 'quantile(0.99, scrape_duration_seconds)', nowS)
    const queryS = (Date.now() - queriedMs) / 1000
    return { readyS, cpu, peakRss, finalRss, served, scrapes, down, samples, p99, queryS, maxReadyMs }
  } finally {
    await stop(child)
  }
}

const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`
const ratio = (ours, theirs) => (theirs === 0 ? '–' : `${(ours / theirs).toFixed(2)}x`)

function printTable(ours, prom) {
  const expected = TARGETS * (COUNTED_S / INTERVAL_S)
  const rows = [
    [`scrapes in the last ${COUNTED_S} s (expected ${expected})`, ours.scrapes, prom.scrapes, String],
    ['missed scrapes', expected - ours.scrapes, expected - prom.scrapes, (v) => String(Math.max(0, v))],
    ['targets down at end (up == 0)', ours.down, prom.down, String],
    ['scrapes served in the whole window', ours.served, prom.served, String],
    ['sum(scrape_samples_scraped)', ours.samples, prom.samples, String],
    ['p99 scrape_duration_seconds', ours.p99, prom.p99, (v) => `${(v * 1000).toFixed(1)} ms`],
    ['CPU seconds in window', ours.cpu, prom.cpu, (v) => v.toFixed(1)],
    ['CPU share of one core', ours.cpu / WINDOW_S, prom.cpu / WINDOW_S, (v) => `${(v * 100).toFixed(0)}%`],
    ['peak RSS', ours.peakRss, prom.peakRss, mib],
    ['final RSS', ours.finalRss, prom.finalRss, mib],
    ['time to /-/ready', ours.readyS, prom.readyS, (v) => `${v.toFixed(1)} s`],
    ['time for the 4 end queries', ours.queryS, prom.queryS, (v) => `${v.toFixed(1)} s`],
    ['slowest /-/ready answer in the window', ours.maxReadyMs, prom.maxReadyMs, (v) => `${v} ms`],
  ]
  const lines = [
    `\nScrape load: ${TARGETS} targets × ${SERIES} series, ${INTERVAL_S} s interval, ${WINDOW_S} s window each`,
    '| metric | watchfire | prometheus | ratio (watchfire / prometheus) |',
    '|---|---|---|---|',
  ]
  for (const [metric, a, b, format] of rows) {
    lines.push(`| ${metric} | ${format(a)} | ${format(b)} | ${ratio(a, b)} |`)
  }
  console.log(lines.join('\n'))
}

/** Runs the suite: fake exporter up, then ours, then the real Prometheus, then a table; cleans up always. */
export async function run() {
  const dir = await mkdtemp(join(tmpdir(), 'watchfire-scrape-load-'))
  let exporter
  try {
    const config = join(dir, 'prometheus.yml')
    await writeFile(config, configYaml())
    exporter = await startExporter()
    const oursPort = await freePort()
    const ours = await measure(
      'watchfire',
      process.execPath,
      [
        ...WATCHFIRE_NODE_ARGS,
        WATCHFIRE,
        'server',
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(dir, 'watchfire-data')}`,
        `--web.listen-address=127.0.0.1:${oursPort}`,
      ],
      `http://127.0.0.1:${oursPort}`,
      exporter,
    )
    const promPort = await freePort()
    const prom = await measure(
      'prometheus',
      PROMETHEUS,
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(dir, 'prometheus-data')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
      ],
      `http://127.0.0.1:${promPort}`,
      exporter,
    )
    printTable(ours, prom)
  } finally {
    if (exporter !== undefined) await stop(exporter.child)
    await rm(dir, { recursive: true, force: true })
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run()
