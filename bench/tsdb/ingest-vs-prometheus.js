// Ingestion and memory per active series: our server and the real Prometheus scrape the same fake
// targets (bench/server/fake-exporter.js: `targets` ports × `series` counters) with the same
// prometheus.yml, one after the other (2 cores), each for the same window. From each server's own
// /metrics: prometheus_tsdb_head_samples_appended_total over the window (samples/s) and
// prometheus_tsdb_head_series at the end; from /proc: CPU seconds over the window and RSS.
import { spawn } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { cpuSeconds, rssBytes, scrapeMetric, sleep, startServer, stop } from './processes.js'
import { freePort } from '../lib/ports.js'

const EXPORTER = fileURLToPath(new URL('../server/fake-exporter.js', import.meta.url))
const WATCHFIRE = fileURLToPath(new URL('../../packages/cli/bin/watchfire.js', import.meta.url))

async function startExporter(basePort, targets, series) {
  const child = spawn(process.execPath, [EXPORTER, String(basePort), String(targets), String(series)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const line = await new Promise((resolve, reject) => {
    let buffered = ''
    child.stdout.on('data', (chunk) => {
      buffered += chunk.toString()
      const nl = buffered.indexOf('\n')
      if (nl >= 0) resolve(buffered.slice(0, nl))
    })
    child.once('exit', (code) => reject(new Error(`cannot run fake exporter (exited with ${code})`)))
  })
  if (line !== 'ready') throw new Error(`cannot start fake exporter (said ${JSON.stringify(line)})`)
  return child
}

/** Scrapes for `windowS` after one interval of warm-up; returns the figures of one server. */
async function measure(name, command, args, base, o) {
  const { child, stderrTail } = await startServer(name, command, args, base)
  try {
    const readyRss = await rssBytes(child.pid)
    await sleep((o.intervalS + 2) * 1000)
    const a0 = await scrapeMetric(base, 'prometheus_tsdb_head_samples_appended_total')
    const c0 = await cpuSeconds(child.pid)
    const t0 = performance.now()
    await sleep(o.windowS * 1000)
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}: ${stderrTail()}`)
    const a1 = await scrapeMetric(base, 'prometheus_tsdb_head_samples_appended_total')
    const c1 = await cpuSeconds(child.pid)
    const seconds = (performance.now() - t0) / 1000
    const rss = await rssBytes(child.pid)
    const series = await scrapeMetric(base, 'prometheus_tsdb_head_series')
    const samples = a1 - a0
    return {
      samplesPerS: samples / seconds,
      cpuUsPerSample: samples > 0 ? ((c1 - c0) * 1e6) / samples : NaN,
      cpuShare: (c1 - c0) / seconds,
      series,
      rss,
      rssPerSeries: series > 0 ? rss / series : NaN,
      grownPerSeries: series > 0 ? (rss - readyRss) / series : NaN,
    }
  } finally {
    await stop(child)
  }
}

/**
 * Runs ours, then the real Prometheus, against one fake exporter; data dirs go under `work`.
 * @param {{ work: string, targets: number, series: number, intervalS: number, windowS: number,
 *   basePort: number, prometheus: string }} o
 */
export async function ingestVsPrometheus(o) {
  const config = join(o.work, 'ingest.yml')
  const targets = Array.from({ length: o.targets }, (_, i) => `          - 127.0.0.1:${o.basePort + i}`)
  await writeFile(
    config,
    [
      'global:',
      `  scrape_interval: ${o.intervalS}s`,
      `  scrape_timeout: ${o.intervalS}s`,
      'scrape_configs:',
      '  - job_name: fake',
      '    static_configs:',
      '      - targets:',
      ...targets,
      '',
    ].join('\n'),
  )
  const exporter = await startExporter(o.basePort, o.targets, o.series)
  try {
    const oursPort = await freePort()
    const ours = await measure(
      'watchfire',
      process.execPath,
      [
        WATCHFIRE,
        'server',
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(o.work, 'ingest-watchfire')}`,
        `--web.listen-address=127.0.0.1:${oursPort}`,
      ],
      `http://127.0.0.1:${oursPort}`,
      o,
    )
    const promPort = await freePort()
    const theirs = await measure(
      'prometheus',
      o.prometheus,
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(o.work, 'ingest-prometheus')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
      ],
      `http://127.0.0.1:${promPort}`,
      o,
    )
    return { ours, theirs }
  } finally {
    await stop(exporter)
  }
}
