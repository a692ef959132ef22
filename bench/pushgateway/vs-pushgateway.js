// Our Pushgateway against Debian's prometheus-pushgateway 1.5.1 (the anchor), both in their own process on
// 127.0.0.1, measured in the same run: pushes/s of a 1,000-sample group, and /metrics latency with 1,000 groups.
// Usage: npm run bench -- pushgateway   (or: node bench/run.js pushgateway after npm run build)
import { spawn } from 'node:child_process'
import { Agent, request } from 'node:http'
import { fileURLToPath } from 'node:url'
import { formatNs, printComparison } from '../lib/measure.js'
import { freePort } from '../lib/ports.js'

const REAL_BIN = process.env.PUSHGATEWAY_BIN ?? '/usr/bin/prometheus-pushgateway'
const PROMETHEUS_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'

async function waitReady(url) {
  const deadline = Date.now() + 15_000
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`cannot reach ${url}`)
}

async function start(name, command, args, env) {
  const port = await freePort()
  const child = spawn(command, args(port), { env: { ...process.env, ...env(port) }, stdio: 'ignore' })
  const url = `http://127.0.0.1:${port}`
  await waitReady(url)
  return {
    name,
    url,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve)
        child.kill('SIGTERM')
      }),
  }
}

const agent = new Agent({ keepAlive: true, maxSockets: 8 })

function send(url, method, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers }, (res) => {
      let size = 0
      res.on('data', (chunk) => (size += chunk.length))
      res.on('end', () =>
        res.statusCode < 300 ? resolve(size) : reject(new Error(`${method} ${url}: ${res.statusCode}`)),
      )
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** 1,000 samples: 10 gauge families of 100 series each. */
function groupBody(seed) {
  let text = ''
  for (let f = 0; f < 10; f++) {
    text += `# HELP bench_family_${f} A benchmark family.\n# TYPE bench_family_${f} gauge\n`
    for (let s = 0; s < 100; s++)
      text += `bench_family_${f}{series="${s}",shard="${s % 7}"} ${seed + s * f}\n`
  }
  return text
}

/** Median ns per push over `runs` rounds of `pushes` sequential PUTs (4 in flight). */
async function pushCost(gw, pushes = 200, runs = 5) {
  const bodies = [groupBody(1), groupBody(2)]
  const round = async () => {
    let next = 0
    const worker = async () => {
      while (next < pushes) {
        const i = next++
        await send(`${gw.url}/metrics/job/bench_push/instance/w${i & 3}`, 'PUT', bodies[i & 1], {
          'Content-Type': 'text/plain',
        })
      }
    }
    await Promise.all([worker(), worker(), worker(), worker()])
  }
  await round()
  const samples = []
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint()
    await round()
    samples.push(Number(process.hrtime.bigint() - t0) / pushes)
  }
  return samples.sort((a, b) => a - b)[runs >> 1]
}

/** Fills 1,000 groups of 5 samples each. */
async function fillGroups(gw) {
  for (let g = 0; g < 1000; g++) {
    const body = `# TYPE bench_up gauge\nbench_up 1\n# TYPE bench_jobs_total counter\nbench_jobs_total{kind="a"} ${g}\nbench_jobs_total{kind="b"} ${g * 2}\n# TYPE bench_last_seconds gauge\nbench_last_seconds ${g}.5\nbench_bytes ${g * 1000}\n`
    await send(`${gw.url}/metrics/job/bench_scrape/instance/i${g}`, 'PUT', body, {
      'Content-Type': 'text/plain',
    })
  }
}

/** Median ns per /metrics request over `n` sequential scrapes. */
async function scrapeCost(gw, headers, n = 60) {
  for (let i = 0; i < 5; i++) await send(`${gw.url}/metrics`, 'GET', undefined, headers)
  const samples = []
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint()
    await send(`${gw.url}/metrics`, 'GET', undefined, headers)
    samples.push(Number(process.hrtime.bigint() - t0))
  }
  return samples.sort((a, b) => a - b)[n >> 1]
}

export async function run() {
  const ourScript = fileURLToPath(new URL('./our-server.js', import.meta.url))
  const ours = await start(
    'watchfire',
    process.execPath,
    () => [ourScript],
    (port) => ({ PORT: String(port) }),
  )
  const real = await start(
    'pushgateway 1.5.1',
    REAL_BIN,
    (port) => [`--web.listen-address=127.0.0.1:${port}`, '--persistence.file=', '--log.level=error'],
    () => ({}),
  )
  try {
    const rows = []
    // Alternate the two so neither gets a quieter share of the shared machine.
    const push = {
      name: 'PUT of a 1,000-sample group (text, 4 in flight)',
      watchfire: await pushCost(ours),
      anchor: await pushCost(real),
    }
    rows.push(push)
    await fillGroups(ours)
    await fillGroups(real)
    rows.push({
      name: '/metrics with 1,000 groups (Prometheus Accept, gzip)',
      watchfire: await scrapeCost(ours, { Accept: PROMETHEUS_ACCEPT, 'Accept-Encoding': 'gzip' }),
      anchor: await scrapeCost(real, { Accept: PROMETHEUS_ACCEPT, 'Accept-Encoding': 'gzip' }),
    })
    rows.push({
      name: '/metrics with 1,000 groups (text, no compression)',
      watchfire: await scrapeCost(ours, { Accept: 'text/plain; version=0.0.4' }),
      anchor: await scrapeCost(real, { Accept: 'text/plain; version=0.0.4' }),
    })
    printComparison(
      'Pushgateway: watchfire vs prometheus-pushgateway 1.5.1 (time per operation)',
      'pushgateway 1.5.1',
      rows,
    )
    console.log(
      `pushes/s: watchfire ${(1e9 / push.watchfire).toFixed(0)}, pushgateway 1.5.1 ${(1e9 / push.anchor).toFixed(0)} (${formatNs(push.watchfire)} vs ${formatNs(push.anchor)} per push)`,
    )
  } finally {
    agent.destroy()
    await ours.stop()
    await real.stop()
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run()
