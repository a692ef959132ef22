// Scrape latency and CPU time per scrape of our node exporter next to Debian's node_exporter 1.5 (the
// anchor), both started here with the same collectors and scraped alternately in the same run.
// Usage: npm run bench -- node-exporter   (or: node bench/node-exporter/vs-node-exporter.js after a build)
import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { freePort } from '../lib/ports.js'

const ORIGINAL = process.env.NODE_EXPORTER_BIN ?? '/usr/bin/prometheus-node-exporter'
// timex is left out: ours cannot call adjtimex(2) (see docs/node-exporter.md).
const COLLECTORS = [
  'conntrack',
  'cpu',
  'cpufreq',
  'diskstats',
  'entropy',
  'filefd',
  'filesystem',
  'loadavg',
  'meminfo',
  'netdev',
  'netstat',
  'pressure',
  'sockstat',
  'stat',
  'textfile',
  'time',
  'uname',
  'vmstat',
]
const SCRAPES = Number(process.env.SCRAPES ?? 300)
const CLK_TCK = 100

/** Starts a process and resolves with it and its metrics URL once the URL answers. */
async function start(command, args, url) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] })
  let found = url
  if (found === undefined) {
    found = await new Promise((resolve, reject) => {
      child.stdout.on('data', (chunk) => resolve(chunk.toString().trim()))
      child.once('exit', (code) => reject(new Error(`${command} exited with ${code}`)))
    })
  }
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(found)).ok) return { child, url: found }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  child.kill()
  throw new Error(`cannot reach ${found}`)
}

/** User + system CPU seconds of a process so far, from /proc/<pid>/stat. */
async function cpuSeconds(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK
}

async function scrape(url) {
  const started = process.hrtime.bigint()
  const res = await fetch(url, {
    headers: { accept: 'text/plain; version=0.0.4', 'accept-encoding': 'gzip' },
  })
  await res.arrayBuffer()
  return Number(process.hrtime.bigint() - started)
}

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
}

export async function run() {
  const port = await freePort()
  const original = await start(
    ORIGINAL,
    [
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.disable-exporter-metrics',
      '--collector.disable-defaults',
      ...COLLECTORS.map((c) => `--collector.${c}`),
      '--collector.filesystem.mount-points-exclude=^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)',
      '--collector.netdev.device-exclude=^lo$',
      '--log.level=error',
    ],
    `http://127.0.0.1:${port}/metrics`,
  )
  const ours = await start(process.execPath, [
    fileURLToPath(new URL('./serve.js', import.meta.url)),
    '127.0.0.1:0',
    COLLECTORS.join(','),
  ])
  try {
    const targets = [
      { name: 'watchfire', ...ours, latencies: [] },
      { name: 'node_exporter 1.5', ...original, latencies: [] },
    ]
    for (let i = 0; i < 30; i++) for (const t of targets) await scrape(t.url)
    for (const t of targets) t.cpuBefore = await cpuSeconds(t.child.pid)
    // Alternate so both see the same machine load.
    for (let i = 0; i < SCRAPES; i++) for (const t of targets) t.latencies.push(await scrape(t.url))
    for (const t of targets) {
      t.cpuPerScrapeNs = (((await cpuSeconds(t.child.pid)) - t.cpuBefore) * 1e9) / SCRAPES
      t.latencies.sort((a, b) => a - b)
    }
    const [w, a] = targets
    const row = (label, f) => `| ${label} | ${ms(f(w))} | ${ms(f(a))} | ${(f(w) / f(a)).toFixed(2)}x |`
    console.log(
      [
        `\nnode exporter, ${SCRAPES} scrapes each, ${COLLECTORS.length} collectors`,
        '| per scrape | watchfire | node_exporter 1.5 | ratio (watchfire / original, target <= 2x) |',
        '|---|---|---|---|',
        row('latency p50', (t) => quantile(t.latencies, 0.5)),
        row('latency p90', (t) => quantile(t.latencies, 0.9)),
        row('CPU time (user+system)', (t) => t.cpuPerScrapeNs),
      ].join('\n'),
    )
  } finally {
    ours.child.kill('SIGTERM')
    original.child.kill('SIGTERM')
  }
}

function ms(ns) {
  return `${(ns / 1e6).toFixed(2)} ms`
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run()
