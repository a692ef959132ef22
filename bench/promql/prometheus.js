// The real Prometheus as the benchmark's anchor: backfill a data directory with promtool, serve it
// on 127.0.0.1 with no scrape jobs, and query it asking for its own timing (`stats=all`).
import { execFile, spawn } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { freePort } from '../lib/ports.js'

export const PROMETHEUS_BIN = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus'
export const PROMTOOL_BIN = process.env.PROMTOOL_BIN ?? '/usr/bin/promtool'

const run = promisify(execFile)

/** Backfills `dataDir` from an OpenMetrics file (blocks of 2 h, the default). */
export async function backfill(openMetricsPath, dataDir) {
  await run(PROMTOOL_BIN, ['tsdb', 'create-blocks-from', 'openmetrics', openMetricsPath, dataDir], {
    maxBuffer: 64 * 1024 * 1024,
  })
}

/**
 * Starts Prometheus on `dataDir` (under `workDir`, which also gets the config) and waits until it is
 * ready. Returns its URL, a query function and stop().
 */
export async function startPrometheus(workDir, dataDir) {
  const configFile = join(workDir, 'prometheus.yml')
  await writeFile(configFile, 'global:\n  evaluation_interval: 1h\nscrape_configs: []\n')
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const child = spawn(
    PROMETHEUS_BIN,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${dataDir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  const keep = (chunk) => {
    output = (output + chunk.toString('utf8')).slice(-16384)
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve()
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      child.once('exit', () => {
        clearTimeout(timer)
        resolve()
      })
      child.kill('SIGTERM')
    })
  const deadline = Date.now() + 60_000
  for (;;) {
    const ready = await fetch(`${url}/-/ready`).then(
      (res) => res.ok,
      () => false,
    )
    if (ready) break
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop()
      throw new Error(`cannot start prometheus (not ready within 60 s): ${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return { url, query: (params) => queryPrometheus(url, params), stop }
}

/**
 * Runs one query through the HTTP API: `{ expr, timeMs }` for an instant query, `{ expr, startMs,
 * endMs, stepMs }` for a range query. Returns the `data` object and Prometheus's own execution time.
 * @returns {Promise<{ data: { resultType: string, result: unknown }, execMs: number }>}
 */
export async function queryPrometheus(url, { expr, timeMs, startMs, endMs, stepMs }) {
  const params = new URLSearchParams({ query: expr, stats: 'all' })
  let path = '/api/v1/query'
  if (stepMs === undefined) params.set('time', String(timeMs / 1000))
  else {
    path = '/api/v1/query_range'
    params.set('start', String(startMs / 1000))
    params.set('end', String(endMs / 1000))
    params.set('step', String(stepMs / 1000))
  }
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: params.toString(),
  })
  const body = await res.json()
  if (body.status !== 'success') {
    throw new Error(`cannot run ${JSON.stringify(expr)} on prometheus (${body.errorType}: ${body.error})`)
  }
  const { stats, ...data } = body.data
  return { data, execMs: stats.timings.execTotalTime * 1000 }
}
