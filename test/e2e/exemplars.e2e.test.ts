import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer, type RunningServer } from '@watchfire/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from './lib/ports.js'
import { eventually, startPrometheus, type RealPrometheus } from './lib/prometheus.js'

// Budget: ≤ 60 s (measured ~18 s). A tiny app exposes OpenMetrics with exemplars: two counters
// and a histogram bucket with timestamped exemplars, and one bucket whose exemplar has no
// timestamp (the scraper gives it the scrape's time). Our server (--enable-feature=exemplar-storage,
// in-process) and the real Prometheus 2.42 (same flag) scrape it every second; /api/v1/query_exemplars
// must answer the same JSON from both (the untimed exemplar's timestamps aside). Our server also
// remote-writes with send_exemplars into a second real Prometheus (receiver, exemplar storage on),
// whose query_exemplars must answer ours. Then our server restarts without targets and must still
// answer the timestamped exemplars, replayed from its WAL.

const T0 = Math.floor(Date.now() / 1000) - 60

const EXPOSITION = [
  '# TYPE rpc counter',
  `rpc_total{code="200"} 7 # {trace_id="abc123",span_id="1"} 1.5 ${T0}.25`,
  `rpc_total{code="500"} 3 # {trace_id="def456"} 2 ${T0 + 1}`,
  '# TYPE latency_seconds histogram',
  `latency_seconds_bucket{le="0.1"} 1 # {trace_id="ghi789"} 0.05 ${T0 + 2}.5`,
  'latency_seconds_bucket{le="1"} 2 # {trace_id="untimed"} 0.5',
  'latency_seconds_bucket{le="+Inf"} 2',
  'latency_seconds_sum 0.55',
  'latency_seconds_count 2',
  '# EOF',
  '',
].join('\n')

interface ExemplarJson {
  labels: Record<string, string>
  value: string
  timestamp: number
}
interface SeriesJson {
  seriesLabels: Record<string, string>
  exemplars: ExemplarJson[]
}

async function queryExemplars(base: string, query: string): Promise<SeriesJson[]> {
  const params = new URLSearchParams({ query, start: String(T0 - 10), end: String(Date.now() / 1000 + 10) })
  const res = await fetch(`${base}/api/v1/query_exemplars?${params}`)
  const body = (await res.json()) as { status: string; error?: string; data: SeriesJson[] | null }
  if (body.status !== 'success') throw new Error(`query_exemplars ${query}: ${body.error ?? res.status}`)
  return body.data ?? []
}

/** The answer with the untimed exemplar's repeats (one per scrape, at scrape times) folded into one. */
function comparable(result: SeriesJson[]): SeriesJson[] {
  return result.map((s) => {
    if (s.exemplars.every((e) => e.labels.trace_id !== 'untimed')) return s
    const first = s.exemplars[0] as ExemplarJson
    return { ...s, exemplars: [{ ...first, timestamp: 0 }] }
  })
}

describe('exemplars end to end', () => {
  let app: Server
  let target: string
  let dir: string
  let ours: RunningServer | undefined
  let prometheus: RealPrometheus | undefined
  let receiver: RealPrometheus | undefined

  const config = (targets: string[], remoteWrite = ''): string => `
global: { scrape_interval: 1s, scrape_timeout: 900ms }
scrape_configs:
  - job_name: app
    static_configs: [{ targets: ${JSON.stringify(targets)} }]
${remoteWrite}`

  beforeAll(async () => {
    app = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/openmetrics-text; version=1.0.0; charset=utf-8' })
      res.end(EXPOSITION)
    })
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve))
    target = `127.0.0.1:${(app.address() as AddressInfo).port}`
    dir = await mkdtemp(join(tmpdir(), 'watchfire-exemplars-'))
    receiver = await startPrometheus('', [
      '--web.enable-remote-write-receiver',
      '--enable-feature=exemplar-storage',
    ])
    const remoteWrite = `remote_write:
  - url: ${receiver.url}/api/v1/write
    send_exemplars: true
    queue_config: { batch_send_deadline: 500ms }
`
    ;[ours, prometheus] = await Promise.all([
      startServer({
        config: { yaml: config([target], remoteWrite) },
        storagePath: join(dir, 'data'),
        listenAddress: `127.0.0.1:${await freePort()}`,
        enableExemplarStorage: true,
        log: () => {},
      }),
      startPrometheus(config([target]), ['--enable-feature=exemplar-storage']),
    ])
  })

  afterAll(async () => {
    await prometheus?.stop()
    await receiver?.stop()
    await ours?.close()
    await new Promise((resolve) => app.close(resolve))
    if (dir !== undefined) await rm(dir, { recursive: true, force: true })
  })

  it.each([
    'rpc_total',
    'sum(rate(rpc_total{code="500"}[1m]))',
    'histogram_quantile(0.9, rate(latency_seconds_bucket[1m]))',
    'rpc_total / ignoring(code) group_left latency_seconds_count',
  ])('query_exemplars %s answers what Prometheus 2.42 answers', async (query) => {
    const theirs = await eventually(async () => {
      const r = await queryExemplars((prometheus as RealPrometheus).url, query)
      return r.length > 0 ? r : undefined
    }, 30_000)
    const mine = await eventually(async () => {
      const r = await queryExemplars((ours as RunningServer).url, query)
      return r.length === theirs.length ? r : undefined
    }, 10_000)
    expect(comparable(mine)).toEqual(comparable(theirs))
  })

  it('remote write with send_exemplars delivers them to the real Prometheus receiver', async () => {
    const mine = await queryExemplars((ours as RunningServer).url, 'rpc_total')
    const delivered = await eventually(async () => {
      const r = await queryExemplars((receiver as RealPrometheus).url, 'rpc_total')
      return r.length === mine.length ? r : undefined
    }, 20_000)
    expect(delivered).toEqual(mine)
    const untimed = await eventually(async () => {
      const r = await queryExemplars((receiver as RealPrometheus).url, 'latency_seconds_bucket{le="1"}')
      return r.length > 0 ? r : undefined
    }, 10_000)
    expect(untimed[0]?.exemplars[0]?.labels).toEqual({ trace_id: 'untimed' })
  })

  it('answers null for an expression without selectors, as Prometheus does', async () => {
    const res = await fetch(`${(ours as RunningServer).url}/api/v1/query_exemplars?query=vector(1)`)
    expect(await res.json()).toEqual({ status: 'success', data: null })
  })

  it('exposes the exemplar storage metrics', async () => {
    const text = await (await fetch(`${(ours as RunningServer).url}/metrics`)).text()
    expect(text).toMatch(/^prometheus_tsdb_exemplar_max_exemplars 100000$/m)
    expect(text).toMatch(/^prometheus_tsdb_exemplar_series_with_exemplars_in_storage 4$/m)
    expect(text).toMatch(/^prometheus_tsdb_exemplar_exemplars_appended_total \d+$/m)
  })

  it('keeps the exemplars across a restart (WAL replay)', async () => {
    const before = await queryExemplars((ours as RunningServer).url, 'rpc_total')
    await ours?.close()
    ours = undefined
    ours = await startServer({
      config: { yaml: config([]) },
      storagePath: join(dir, 'data'),
      listenAddress: `127.0.0.1:${await freePort()}`,
      enableExemplarStorage: true,
      log: () => {},
    })
    expect(await queryExemplars(ours.url, 'rpc_total')).toEqual(before)
    expect(before.map((s) => s.exemplars[0]?.labels.trace_id)).toEqual(['abc123', 'def456'])
  })
})
