import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Matcher } from '@watchfire/model'
import { startServer, type RunningServer } from '@watchfire/server'
import { openDB } from '@watchfire/tsdb'
import { afterAll, describe, expect, it } from 'vitest'
import { startFixtureApp, type FixtureApp } from './lib/fixture-app.js'
import { freePort, waitForHttp } from './lib/ports.js'
import { startProcess, type Managed } from './lib/processes.js'
import { startPrometheus, type RealPrometheus } from './lib/prometheus.js'

// Budget: ≤ 2 min (measured 65 s with the CI defaults). Watchfire scrapes a fixture app every
// second and remote-writes to a real VictoriaMetrics 1.79 and a real Prometheus 2.42 (remote-write
// receiver). VictoriaMetrics is stopped for REMOTE_WRITE_E2E_OUTAGE_S (CI default 20 s; the issue's
// full run is 120) and Watchfire is restarted in the middle of that outage, within a run of
// REMOTE_WRITE_E2E_RUN_S (CI default 60 s; set e.g. 300 for the full run). At the end every series
// has exactly as many samples in each receiver as in Watchfire's own TSDB, up to the final stop
// (the last scrape included): none lost, none twice.
const RUN_S = Number(process.env.REMOTE_WRITE_E2E_RUN_S ?? 60)
const OUTAGE_S = Number(process.env.REMOTE_WRITE_E2E_OUTAGE_S ?? 20)
const VM_BIN = process.env.VICTORIA_METRICS_BIN ?? '/usr/bin/victoria-metrics'

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

interface Vm {
  url: string
  proc: Managed
}

async function startVm(dataDir: string, port: number): Promise<Vm> {
  const proc = startProcess(VM_BIN, [
    `-storageDataPath=${dataDir}`,
    `-httpListenAddr=127.0.0.1:${port}`,
    '-retentionPeriod=1d',
    '-loggerLevel=ERROR',
    // By default VictoriaMetrics hides the newest 30 s from searches; the counts below need every sample.
    '-search.latencyOffset=0s',
    '-search.disableCache',
  ])
  const url = `http://127.0.0.1:${port}`
  try {
    await waitForHttp(`${url}/health`, 30_000)
  } catch (err) {
    await proc.stop()
    throw new Error(`cannot start victoria-metrics: ${proc.output()}`, { cause: err })
  }
  return { url, proc }
}

function configYaml(target: string, vmUrl: string, promUrl: string): string {
  const queue =
    '{ batch_send_deadline: 500ms, min_backoff: 100ms, max_backoff: 2s, max_samples_per_send: 500 }'
  return `
global: { scrape_interval: 1s, scrape_timeout: 900ms }
scrape_configs:
  - job_name: app
    static_configs: [{ targets: ['${target}'] }]
remote_write:
  - { url: '${vmUrl}/api/v1/write', name: vm, queue_config: ${queue} }
  - { url: '${promUrl}/api/v1/write', name: prom, queue_config: ${queue} }
`
}

/** Labels as sorted `name="value"` text, the key all three sides are compared by. */
function key(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(',')
}

/** Non-NaN samples per series in Watchfire's TSDB (stale markers are not counted anywhere). */
async function ownCounts(dataDir: string, toMs: number): Promise<Map<string, number>> {
  const db = await openDB(dataDir, { logger: () => undefined, autoCompact: false })
  const out = new Map<string, number>()
  try {
    const q = await db.querier(0, toMs)
    const set = q.select(false, undefined, new Matcher('=', 'job', 'app'))
    while (set.next()) {
      const s = set.at()
      const it = s.iterator()
      let n = 0
      while (it.next() !== 0) if (it.atT() <= toMs && !Number.isNaN(it.atF())) n++
      out.set(key(s.labels.toRecord()), n)
    }
    q.close()
  } finally {
    await db.close()
  }
  return out
}

async function vmCounts(url: string, fromS: number, toS: number): Promise<Map<string, number>> {
  const res = await fetch(
    `${url}/api/v1/export?match[]=${encodeURIComponent('{job="app"}')}&start=${fromS}&end=${toS}`,
  )
  const out = new Map<string, number>()
  for (const line of (await res.text()).split('\n')) {
    if (line.trim() === '') continue
    const row = JSON.parse(line) as { metric: Record<string, string>; values: (number | null)[] }
    const n = row.values.filter((v) => typeof v === 'number' && !Number.isNaN(v)).length
    const k = key(row.metric)
    out.set(k, (out.get(k) ?? 0) + n)
  }
  return out
}

async function promCounts(prom: RealPrometheus, fromS: number, toS: number): Promise<Map<string, number>> {
  const expr = `{job="app"}[${Math.ceil(toS - fromS)}s]`
  const res = await fetch(`${prom.url}/api/v1/query?query=${encodeURIComponent(expr)}&time=${toS}`)
  const body = (await res.json()) as {
    data: { result: { metric: Record<string, string>; values: [number, string][] }[] }
  }
  const out = new Map<string, number>()
  for (const r of body.data.result) {
    out.set(key(r.metric), r.values.filter(([, v]) => v !== 'NaN').length)
  }
  return out
}

function diff(want: Map<string, number>, got: Map<string, number>): string[] {
  const problems: string[] = []
  for (const [k, n] of want) if (got.get(k) !== n) problems.push(`${k}: want ${n}, got ${got.get(k) ?? 0}`)
  for (const k of got.keys()) if (!want.has(k)) problems.push(`${k}: unexpected`)
  return problems
}

describe('remote write to VictoriaMetrics and Prometheus through an outage and a restart', () => {
  const cleanups: (() => Promise<void>)[] = []
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined)
  })

  it(
    'delivers every sample exactly once',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'wf-rw-e2e-'))
      cleanups.push(() => rm(dir, { recursive: true, force: true }))
      const app: FixtureApp = await startFixtureApp('instrumented-app')
      cleanups.push(() => app.stop())
      const vmPort = await freePort()
      let vm: Vm | undefined = await startVm(join(dir, 'vm'), vmPort)
      cleanups.push(async () => vm?.proc.stop())
      const prom = await startPrometheus('global: { scrape_interval: 1h }\n', [
        '--web.enable-remote-write-receiver',
      ])
      cleanups.push(() => prom.stop())
      const logs: string[] = []
      const dataDir = join(dir, 'watchfire')
      const start = (): Promise<RunningServer> =>
        startServer({
          config: { yaml: configYaml(app.target, vm?.url ?? `http://127.0.0.1:${vmPort}`, prom.url) },
          storagePath: dataDir,
          listenAddress: '127.0.0.1:0',
          log: (m) => logs.push(m),
        })
      const fromS = Math.floor(Date.now() / 1000) - 5
      let server = await start()
      cleanups.push(() => server.close())
      try {
        const runMs = RUN_S * 1000
        const outageMs = OUTAGE_S * 1000
        const before = Math.max(5000, (runMs - outageMs) / 3)
        await sleep(before)
        await vm.proc.stop()
        vm = undefined
        await sleep(outageMs / 2)
        await server.close()
        server = await start()
        await sleep(outageMs / 2)
        vm = await startVm(join(dir, 'vm'), vmPort)
        await sleep(Math.max(5000, runMs - before - outageMs))
        // Stop right after a scrape commits, before the queues' next WAL poll could read it: only
        // the shutdown sends that scrape. Closing stops scraping, then the queues read the WAL to
        // its end and send it all (both receivers are up), then the TSDB closes, so everything up
        // to the stop is compared, the last scrape included.
        const appended = server.db.stats().samplesAppended
        for (const end = Date.now() + 5000; Date.now() < end; await sleep(2)) {
          if (server.db.stats().samplesAppended > appended) break
        }
        await server.close()
        const toS = Math.floor(Date.now() / 1000) + 1
        const own = await ownCounts(dataDir, toS * 1000)
        expect(own.size).toBeGreaterThan(10)
        const scrapes = Math.max(...own.values())
        expect(scrapes).toBeGreaterThan(RUN_S * 0.7)
        // VictoriaMetrics makes fresh samples searchable within a few seconds: poll until equal.
        let vmProblems: string[] = []
        let promProblems: string[] = []
        for (const end = Date.now() + 30_000; Date.now() < end; await sleep(1000)) {
          vmProblems = diff(own, await vmCounts(vm.url, fromS, toS))
          promProblems = diff(own, await promCounts(prom, fromS, toS))
          if (vmProblems.length === 0 && promProblems.length === 0) break
        }
        expect({ victoriaMetrics: vmProblems, prometheus: promProblems }).toEqual({
          victoriaMetrics: [],
          prometheus: [],
        })
        expect(logs.some((l) => l.includes('failed to send batch, retrying'))).toBe(true)
      } catch (err) {
        console.error(logs.slice(-40).join('\n'))
        throw err
      }
    },
    (RUN_S + 100) * 1000,
  )
})
