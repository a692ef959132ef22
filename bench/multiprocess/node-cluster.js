// Watchfire's multi-process mode under the same churn as the Python anchor: a cluster primary with N workers,
// each leaving after K requests and re-forked; any worker serves /metrics by merging the shared directory.
// Usage: node bench/multiprocess/node-cluster.js [checkpoints, default 0,100,1000,10000]   (after npm run build)
import { spawn } from 'node:child_process'
import cluster from 'node:cluster'
import { createServer } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { maxRequestsPerWorker, get, printChurnTable, runChurn } from './churn.js'
import { freePort } from '../lib/ports.js'

const script = fileURLToPath(import.meta.url)

/** @param {{ port: number, workers: number, maxRequests: number, checkpoints: number[] }} options */
export async function runNodeCluster({ port, workers, maxRequests, checkpoints }) {
  const metricsDir = mkdtempSync(join(tmpdir(), 'watchfire-node-mp-'))
  const server = spawn(process.execPath, [script, 'serve'], {
    env: {
      ...process.env,
      WATCHFIRE_MULTIPROC_DIR: metricsDir,
      BENCH_PORT: String(port),
      BENCH_WORKERS: String(workers),
      BENCH_MAX_REQUESTS: String(maxRequests),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let recycles = 0
  server.stdout.on('data', (chunk) => {
    recycles += (chunk.toString().match(/recycled/g) ?? []).length
  })
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await get(`http://127.0.0.1:${port}/metrics`)).status === 200) break
      } catch (err) {
        if (i > 100) throw new Error('cannot start the cluster', { cause: err })
        await new Promise((r) => setTimeout(r, 100))
      }
    }
    const rows = await runChurn({
      baseUrl: `http://127.0.0.1:${port}`,
      metricsDir,
      recycles: () => recycles,
      checkpoints,
      concurrency: workers * 2,
      counterPrefix: 'app_requests_total{',
      warmupRequests: (workers * maxRequests) / 2,
    })
    printChurnTable(
      `@watchfire/client ${workers} cluster workers, each recycled after ${maxRequests} requests`,
      rows,
    )
    return rows
  } finally {
    if (server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r))
      server.kill('SIGTERM')
      await exited
    }
    rmSync(metricsDir, { recursive: true, force: true })
  }
}

async function primary() {
  const workers = Number(process.env.BENCH_WORKERS)
  // Spare workers (one per slot) are forked ahead and start listening only when they replace a retiring one, so
  // recycling does not wait for a Node start-up (uWSGI forks its loaded master, which is nearly free). The retiring
  // worker stops getting connections once its replacement listens, then finishes its in-flight requests and exits.
  const spares = []
  const fork = () => {
    const w = cluster.fork()
    w.ready = new Promise((resolve) => w.once('message', resolve))
    w.on('message', (message) => {
      if (message !== 'retire') return
      const next = spares.shift()
      spares.push(fork())
      next.once('listening', () => w.disconnect())
      activate(next)
    })
    w.once('exit', () => process.stdout.write('recycled\n'))
    return w
  }
  const activate = (w) => w.ready.then(() => w.send('listen'))
  for (let i = 0; i < workers; i++) activate(fork())
  for (let i = 0; i < workers; i++) spares.push(fork())
  process.on('SIGTERM', () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL')
    process.exit(0)
  })
}

async function worker() {
  // Loaded with WATCHFIRE_MULTIPROC_DIR set: the global registry is shared from here on.
  const { Counter, Histogram, MultiprocessCollector, Registry } = await import('@watchfire/client')
  const requests = new Counter({
    name: 'app_requests_total',
    help: 'Requests handled.',
    labelNames: ['path'],
  })
  const latency = new Histogram({
    name: 'app_request_duration_seconds',
    help: 'Request latency.',
    labelNames: ['path'],
  })
  const merged = new Registry()
  merged.registerCollector(new MultiprocessCollector())
  const maxRequests = Number(process.env.BENCH_MAX_REQUESTS)
  let handled = 0
  const server = createServer(async (req, res) => {
    if (req.url === '/metrics') {
      const body = await merged.metrics()
      res.writeHead(200, { 'Content-Type': merged.contentType }).end(body)
    } else {
      const start = performance.now()
      requests.labels('/work').inc()
      latency.labels('/work').observe((performance.now() - start) / 1000)
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok\n')
    }
    // Like uWSGI's --max-requests: after K requests the worker asks to be replaced.
    if (++handled === maxRequests) process.send?.('retire')
  })
  process.on('message', (message) => {
    if (message === 'listen') server.listen(Number(process.env.BENCH_PORT), '127.0.0.1')
  })
  process.send('ready')
}

if (process.argv[1] === script && process.argv[2] === 'serve') {
  if (cluster.isPrimary) await primary()
  else await worker()
} else if (process.argv[1] === script) {
  const checkpoints = (process.argv[2] ?? '0,100,1000,10000').split(',').map(Number)
  await runNodeCluster({
    port: await freePort(),
    workers: 4,
    maxRequests: maxRequestsPerWorker(),
    checkpoints,
  })
}
