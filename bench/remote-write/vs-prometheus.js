// Remote write: our server and the real Prometheus 2.42 scrape the same fake exporter (TARGETS × SERIES
// counters every second) and remote-write it to the same VictoriaMetrics, one after the other (2 cores).
// Each run: WARM seconds, then a steady WINDOW (CPU, samples and bytes sent, from each sender's own
// prometheus_remote_storage_* metrics), then VictoriaMetrics is stopped for OUTAGE seconds and restarted,
// and the time to drain the backlog gives the catch-up throughput (samples/s) and its CPU.
// Usage: node bench/run.js remote-write   (env: BENCH_RW_TARGETS=20, BENCH_RW_SERIES=1000,
// BENCH_RW_WINDOW_S=20, BENCH_RW_OUTAGE_S=15, BENCH_RW_BASE_PORT=31000, PROMETHEUS_BIN, VICTORIA_METRICS_BIN)
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from '../lib/ports.js'

const TARGETS = Number(process.env.BENCH_RW_TARGETS ?? 20)
const SERIES = Number(process.env.BENCH_RW_SERIES ?? 1000)
const WINDOW_S = Number(process.env.BENCH_RW_WINDOW_S ?? 20)
const OUTAGE_S = Number(process.env.BENCH_RW_OUTAGE_S ?? 15)
const BASE_PORT = Number(process.env.BENCH_RW_BASE_PORT ?? 31000)
const WARM_S = 5
const PROMETHEUS = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus'
const VM = process.env.VICTORIA_METRICS_BIN ?? '/usr/bin/victoria-metrics'
const EXPORTER = fileURLToPath(new URL('../server/fake-exporter.js', import.meta.url))
const WATCHFIRE = fileURLToPath(new URL('./watchfire-server.js', import.meta.url))
const CLK_TCK = 100
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** User + system CPU seconds of a process so far, from /proc/<pid>/stat. */
async function cpuSeconds(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK
}

function start(command, args) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let tail = ''
  const keep = (chunk) => (tail = (tail + chunk.toString()).slice(-4000))
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  return { child, tail: () => tail }
}

async function stop(child, graceMs = 15_000) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
}

async function waitHttp(url, proc, name) {
  for (let i = 0; i < 600; i++) {
    if (proc.child.exitCode !== null) throw new Error(`cannot start ${name}: ${proc.tail()}`)
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // not listening yet
    }
    await sleep(100)
  }
  throw new Error(`cannot reach ${url} (${name})`)
}

async function startVm(dir, port) {
  const vm = start(VM, [
    `-storageDataPath=${dir}`,
    `-httpListenAddr=127.0.0.1:${port}`,
    '-retentionPeriod=1d',
  ])
  await waitHttp(`http://127.0.0.1:${port}/health`, vm, 'victoria-metrics')
  return vm
}

/** Sums the samples of `name` (any labels) in a /metrics text. */
async function metric(base, name) {
  const text = await (await fetch(`${base}/metrics`)).text()
  let sum = 0
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name}{`) || line.startsWith(`${name} `))
      sum += Number(line.slice(line.lastIndexOf(' ') + 1))
  }
  return sum
}

const snapshot = async (base, pid) => ({
  atMs: Date.now(),
  cpu: await cpuSeconds(pid),
  samples: await metric(base, 'prometheus_remote_storage_samples_total'),
  bytes: await metric(base, 'prometheus_remote_storage_bytes_total'),
})

function configYaml(sender, vmPort) {
  const targets = Array.from({ length: TARGETS }, (_, i) => `'127.0.0.1:${BASE_PORT + i}'`).join(', ')
  return `global: { scrape_interval: 1s, scrape_timeout: 900ms, external_labels: { sender: ${sender} } }
scrape_configs:
  - job_name: fake
    static_configs: [{ targets: [${targets}] }]
remote_write:
  - url: http://127.0.0.1:${vmPort}/api/v1/write
    name: vm
    metadata_config: { send: false }
`
}

/** One sender's run; returns steady and catch-up figures. The sender and VictoriaMetrics stay up for the next. */
async function measureSender(name, vmState, dir) {
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const configFile = join(dir, `${name}.yml`)
  await writeFile(configFile, configYaml(name, vmState.port))
  const data = join(dir, `${name}-data`)
  const proc =
    name === 'watchfire'
      ? start(process.execPath, [WATCHFIRE, configFile, data, `127.0.0.1:${port}`])
      : start(PROMETHEUS, [
          `--config.file=${configFile}`,
          `--storage.tsdb.path=${data}`,
          `--web.listen-address=127.0.0.1:${port}`,
          '--log.level=error',
        ])
  try {
    await waitHttp(`${base}/-/ready`, proc, name)
    await sleep(WARM_S * 1000)
    const s0 = await snapshot(base, proc.child.pid)
    await sleep(WINDOW_S * 1000)
    const s1 = await snapshot(base, proc.child.pid)
    await stop(vmState.vm.child)
    await sleep(OUTAGE_S * 1000)
    const s2 = await snapshot(base, proc.child.pid)
    vmState.vm = await startVm(vmState.dir, vmState.port)
    const restartedS = Date.now() / 1000
    let s3
    let seen = ''
    // Caught up once a sample scraped after the restart was sent: the queue sends in WAL order.
    for (const end = Date.now() + 120_000; Date.now() < end; await sleep(200)) {
      const highest = await metric(base, 'prometheus_remote_storage_queue_highest_sent_timestamp_seconds')
      seen = `highest sent ${highest}, restarted ${restartedS}`
      if (highest >= restartedS + 1) {
        s3 = await snapshot(base, proc.child.pid)
        break
      }
    }
    if (s3 === undefined) throw new Error(`${name} did not catch up within 120 s (${seen}): ${proc.tail()}`)
    const steadySamples = s1.samples - s0.samples
    const catchSamples = s3.samples - s2.samples
    const catchS = (s3.atMs - s2.atMs) / 1000
    return {
      steadyRate: steadySamples / WINDOW_S,
      steadyCpuPerM: ((s1.cpu - s0.cpu) / steadySamples) * 1e6,
      bytesPerSample: (s1.bytes - s0.bytes) / steadySamples,
      catchRate: catchSamples / catchS,
      catchCpuPerM: ((s3.cpu - s2.cpu) / catchSamples) * 1e6,
      catchSamples,
      catchS,
      bytes: s1.bytes - s0.bytes,
    }
  } finally {
    await stop(proc.child)
  }
}

export async function run() {
  const dir = await mkdtemp(join(tmpdir(), 'wf-bench-rw-'))
  const exporter = start(process.execPath, [EXPORTER, String(BASE_PORT), String(TARGETS), String(SERIES)])
  const vmPort = await freePort()
  const vmState = { dir: join(dir, 'vm'), port: vmPort, vm: undefined }
  try {
    await sleep(1000)
    vmState.vm = await startVm(vmState.dir, vmPort)
    const ours = await measureSender('watchfire', vmState, dir)
    const prom = await measureSender('prometheus', vmState, dir)
    const rows = [
      ['steady samples/s sent', ours.steadyRate, prom.steadyRate, (v) => v.toFixed(0), 'higher'],
      [
        'steady CPU s per million samples (whole process, scraping included)',
        ours.steadyCpuPerM,
        prom.steadyCpuPerM,
        (v) => v.toFixed(2),
        'lower',
      ],
      [
        'bytes on the wire per sample (bytes_total / samples_total)',
        ours.bytesPerSample,
        prom.bytesPerSample,
        (v) => v.toFixed(2),
        'lower',
      ],
      [
        `catch-up after a ${OUTAGE_S} s outage: samples/s sent`,
        ours.catchRate,
        prom.catchRate,
        (v) => v.toFixed(0),
        'higher',
      ],
      [
        'catch-up CPU s per million samples',
        ours.catchCpuPerM,
        prom.catchCpuPerM,
        (v) => v.toFixed(2),
        'lower',
      ],
      ['catch-up: samples / seconds', ours.catchSamples, prom.catchSamples, (v) => v.toFixed(0), ''],
    ]
    const lines = [
      `\nRemote write to VictoriaMetrics: ${TARGETS} targets × ${SERIES} series, 1 s interval, ${WINDOW_S} s steady window, ${OUTAGE_S} s outage`,
      '| metric | watchfire | prometheus 2.42 | ratio (watchfire / prometheus) | better |',
      '|---|---|---|---|---|',
    ]
    for (const [label, a, b, format, better] of rows) {
      lines.push(
        `| ${label} | ${format(a)} | ${format(b)} | ${b === 0 ? '–' : (a / b).toFixed(2)}x | ${better} |`,
      )
    }
    lines.push(`| catch-up duration | ${ours.catchS.toFixed(1)} s | ${prom.catchS.toFixed(1)} s | | |`)
    console.log(lines.join('\n'))
  } finally {
    if (vmState.vm !== undefined) await stop(vmState.vm.child)
    await stop(exporter.child)
    await rm(dir, { recursive: true, force: true })
  }
}
