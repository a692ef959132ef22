import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer, type RunningServer } from '@watchfire/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFixtureApp, type FixtureApp } from './lib/fixture-app.js'
import { freePort, waitForHttp } from './lib/ports.js'
import { startProcess, type Managed } from './lib/processes.js'
import { eventually, startPrometheus, type RealPrometheus } from './lib/prometheus.js'

// Budget: ~20 s of the 60 s allowed. The real Prometheus 2.42 and our server run side by side on
// loopback, both scraping the same two targets every second: an app instrumented with
// @watchfire/client and Debian's node exporter (a few collectors). Once both hold ~8 s of data
// the same instant and range queries must return the same series with the same values (within a
// tolerance for metrics that move between the two servers' scrapes), and every API endpoint must
// answer with the same JSON shape: keys and value types, errors included.

const NODE_EXPORTER = process.env.NODE_EXPORTER_BIN ?? '/usr/bin/prometheus-node-exporter'

const configYaml = (app: string, node: string): string => `
global: { scrape_interval: 1s, scrape_timeout: 900ms }
scrape_configs:
  - job_name: app
    static_configs: [{ targets: ['${app}'], labels: { team: e2e } }]
  - job_name: node
    static_configs: [{ targets: ['${node}'] }]
`

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

interface Answer {
  status: number
  body: { status: string; data?: Json; errorType?: string; error?: string }
}

async function call(base: string, path: string, form?: Record<string, string>): Promise<Answer> {
  const res =
    form === undefined
      ? await fetch(base + path)
      : await fetch(base + path, { method: 'POST', body: new URLSearchParams(form) })
  return { status: res.status, body: (await res.json()) as Answer['body'] }
}

function kind(v: Json): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v
}

/**
 * Where two JSON values differ in shape: keys and value types, recursively. Arrays compare their
 * first elements (an empty array matches any array: 2.42 leaves some lists empty); objects listed in
 * `maps` (by path) have free keys and compare their values' shapes only.
 */
function shapeDiff(ours: Json, theirs: Json, path = '$', maps: readonly string[] = []): string[] {
  if (kind(ours) !== kind(theirs)) return [`${path}: ${kind(ours)} vs ${kind(theirs)}`]
  if (Array.isArray(ours) && Array.isArray(theirs)) {
    if (ours.length === 0 || theirs.length === 0) return []
    return shapeDiff(ours[0] as Json, theirs[0] as Json, `${path}[]`, maps)
  }
  if (kind(ours) !== 'object') return []
  const o = ours as Record<string, Json>
  const t = theirs as Record<string, Json>
  if (maps.includes(path)) {
    const ov = Object.values(o)
    const tv = Object.values(t)
    return ov.length === 0 || tv.length === 0
      ? []
      : shapeDiff(ov[0] as Json, tv[0] as Json, `${path}.*`, maps)
  }
  const diffs: string[] = []
  for (const k of new Set([...Object.keys(o), ...Object.keys(t)])) {
    if (!(k in o)) diffs.push(`${path}.${k}: missing in ours`)
    else if (!(k in t)) diffs.push(`${path}.${k}: only in ours`)
    else diffs.push(...shapeDiff(o[k] as Json, t[k] as Json, `${path}.${k}`, maps))
  }
  return diffs
}

interface ApiSeries {
  metric: Record<string, string>
  value?: [number, string]
  values?: [number, string][]
}

function key(metric: Record<string, string>): string {
  return JSON.stringify(Object.entries(metric).sort(([a], [b]) => (a < b ? -1 : 1)))
}

/** Relative tolerance per query: 0 means exact. */
function close(a: string, b: string, tolerance: number): boolean {
  if (a === b) return true
  const x = Number(a)
  const y = Number(b)
  return Math.abs(x - y) <= tolerance * Math.max(Math.abs(x), Math.abs(y), 1e-9)
}

describe('our HTTP API v1 against the real Prometheus 2.42, scraping the same targets', () => {
  let app: FixtureApp
  let node: Managed
  let prom: RealPrometheus
  let ours: RunningServer
  let dir: string
  let evalSeconds = 0

  beforeAll(async () => {
    app = await startFixtureApp('instrumented-app')
    const nodePort = await freePort()
    node = startProcess(NODE_EXPORTER, [
      `--web.listen-address=127.0.0.1:${nodePort}`,
      '--collector.disable-defaults',
      '--collector.loadavg',
      '--collector.meminfo',
      '--collector.uname',
    ])
    await waitForHttp(`http://127.0.0.1:${nodePort}/metrics`, 15_000)
    const yaml = configYaml(app.target, `127.0.0.1:${nodePort}`)
    dir = await mkdtemp(join(tmpdir(), 'watchfire-api-e2e-'))
    await writeFile(join(dir, 'prometheus.yml'), yaml)
    ;[prom, ours] = await Promise.all([
      startPrometheus(yaml),
      startServer({
        config: { file: join(dir, 'prometheus.yml') },
        storagePath: join(dir, 'data'),
        listenAddress: '127.0.0.1:0',
        log: () => {},
      }),
    ])
    // Both need samples of both targets from at least 7 s back (the range queries look back 6 s);
    // Prometheus applies discovery only after 5 s. On a loaded machine scrapes can be late, so the
    // condition is on the oldest sample's age, not on a sample count.
    await eventually(async () => {
      const ready = await Promise.all(
        [prom.url, ours.url].map(async (base) => {
          const { body } = await call(base, `/api/v1/query?query=${encodeURIComponent('up[20s]')}`)
          const result = (body.data as { result?: ApiSeries[] } | undefined)?.result ?? []
          const oldest = Math.max(...result.map((s) => s.values?.[0]?.[0] ?? Infinity))
          return result.length === 2 && oldest <= Date.now() / 1000 - 7
        }),
      )
      return ready.every(Boolean) ? true : undefined
    }, 45_000)
    evalSeconds = Math.floor(Date.now() / 1000) - 1
  })
  afterAll(async () => {
    await ours?.close()
    await prom?.stop()
    await node?.stop()
    await app?.stop()
    if (dir !== undefined) await rm(dir, { recursive: true, force: true })
  })

  const instant: [string, number][] = [
    ['up', 0],
    ['app_requests_total', 0],
    ['app_temperature_celsius', 0],
    ['sum by (job) (up)', 0],
    ['count by (job) ({job=~"app|node"})', 0],
    ['histogram_quantile(0.9, sum by (le) (rate(app_latency_seconds_bucket[5s])))', 0],
    ['app_latency_seconds_count / app_latency_seconds_sum', 1e-12],
    ['rate(app_requests_total[5s])', 0],
    ['topk(1, app_requests_total)', 0],
    ['label_replace(up, "host", "$1", "instance", "(.*):.*")', 0],
    ['node_memory_MemTotal_bytes', 0],
    ['node_uname_info', 0],
    ['node_load1', 0.5],
    ['scrape_samples_scraped', 0],
    ['vector(1) + 1', 0],
    ['time()', 0],
    ['"text"', 0],
    ['up[3s]', -1],
  ]

  it.each(instant)('instant query %s returns the same series and values', async (query, tolerance) => {
    const form = { query, time: String(evalSeconds) }
    const [theirs, mine] = await Promise.all([
      call(prom.url, '/api/v1/query', form),
      call(ours.url, '/api/v1/query', form),
    ])
    expect(mine.status).toBe(theirs.status)
    expect(shapeDiff(mine.body as Json, theirs.body as Json)).toEqual([])
    const t = theirs.body.data as { resultType: string; result: Json }
    const m = mine.body.data as { resultType: string; result: Json }
    expect(m.resultType).toBe(t.resultType)
    if (t.resultType === 'scalar' || t.resultType === 'string') {
      expect(m.result).toEqual(t.result)
      return
    }
    const theirSeries = new Map((t.result as unknown as ApiSeries[]).map((s) => [key(s.metric), s]))
    const ourSeries = new Map((m.result as unknown as ApiSeries[]).map((s) => [key(s.metric), s]))
    expect([...ourSeries.keys()].sort()).toEqual([...theirSeries.keys()].sort())
    expect(theirSeries.size).toBeGreaterThan(0)
    for (const [k, s] of theirSeries) {
      const o = ourSeries.get(k) as ApiSeries
      if (tolerance < 0) {
        // A range selector: sample times are each server's own scrape times; compare counts and values.
        expect(Math.abs((o.values?.length ?? 0) - (s.values?.length ?? 0))).toBeLessThanOrEqual(2)
        continue
      }
      expect(o.value?.[0]).toBe(s.value?.[0])
      expect(
        close(o.value?.[1] ?? '', s.value?.[1] ?? '', tolerance),
        `${k}: ${o.value?.[1]} vs ${s.value?.[1]}`,
      ).toBe(true)
    }
  })

  const ranges: [string, number][] = [
    ['up', 0],
    ['sum(app_requests_total)', 0],
    ['app_temperature_celsius * 2', 0],
    ['count({job="node"})', 0],
    ['node_memory_MemTotal_bytes', 0],
  ]

  it.each(ranges)('range query %s returns the same series and points', async (query, tolerance) => {
    const form = { query, start: String(evalSeconds - 5), end: String(evalSeconds), step: '1' }
    const [theirs, mine] = await Promise.all([
      call(prom.url, '/api/v1/query_range', form),
      call(ours.url, '/api/v1/query_range', form),
    ])
    expect(mine.status).toBe(200)
    expect(shapeDiff(mine.body as Json, theirs.body as Json)).toEqual([])
    const t = (theirs.body.data as unknown as { result: ApiSeries[] }).result
    const m = (mine.body.data as unknown as { result: ApiSeries[] }).result
    expect(m.map((s) => key(s.metric)).sort()).toEqual(t.map((s) => key(s.metric)).sort())
    for (const s of t) {
      const o = m.find((x) => key(x.metric) === key(s.metric)) as ApiSeries
      expect(o.values?.map(([ts]) => ts)).toEqual(s.values?.map(([ts]) => ts))
      o.values?.forEach(([, v], i) => expect(close(v, s.values?.[i]?.[1] ?? '', tolerance)).toBe(true))
    }
  })

  const endpoints: [string, Record<string, string> | undefined, string[]][] = [
    ['/api/v1/series?match[]=up&match[]=app_requests_total', undefined, []],
    ['/api/v1/series', { 'match[]': '{job="app"}' }, []],
    ['/api/v1/labels', undefined, []],
    ['/api/v1/labels?match[]=up', undefined, []],
    ['/api/v1/label/job/values', undefined, []],
    ['/api/v1/targets', undefined, []],
    ['/api/v1/targets?state=active', undefined, []],
    ['/api/v1/metadata', undefined, ['$.data']],
    ['/api/v1/metadata?metric=app_requests', undefined, ['$.data']],
    ['/api/v1/targets/metadata?match_target={job="app"}', undefined, []],
    ['/api/v1/targets/metadata?metric=app_temperature_celsius', undefined, []],
    ['/api/v1/status/config', undefined, []],
    ['/api/v1/status/flags', undefined, ['$.data']],
    ['/api/v1/status/buildinfo', undefined, []],
    ['/api/v1/status/runtimeinfo', undefined, []],
    ['/api/v1/status/tsdb', undefined, []],
    ['/api/v1/query?query=up%2B', undefined, []],
    ['/api/v1/query?query=up&time=abc', undefined, []],
    ['/api/v1/query_range?query=up&start=10&end=1&step=1', undefined, []],
    ['/api/v1/query_range?query=up&start=0&end=100000&step=1', undefined, []],
    ['/api/v1/query?query=label_replace(up,"x","y","z","(")', undefined, []],
    ['/api/v1/series', undefined, []],
    ['/api/v1/label/a-b/values', undefined, []],
  ]

  it.each(endpoints)('%s answers with the same status and JSON shape', async (path, form, maps) => {
    const [theirs, mine] = await Promise.all([call(prom.url, path, form), call(ours.url, path, form)])
    expect(mine.status).toBe(theirs.status)
    expect(mine.body.status).toBe(theirs.body.status)
    expect(mine.body.errorType).toBe(theirs.body.errorType)
    expect(shapeDiff(mine.body as Json, theirs.body as Json, '$', maps)).toEqual([])
  })

  it('lists the same targets with the same labels, URLs and health', async () => {
    const pick = (a: Answer): Json[] =>
      ((a.body.data as { activeTargets: Record<string, Json>[] }).activeTargets ?? [])
        .map((t) => ({
          scrapePool: t.scrapePool ?? null,
          labels: t.labels ?? null,
          discoveredLabels: t.discoveredLabels ?? null,
          scrapeUrl: t.scrapeUrl ?? null,
          globalUrl: t.globalUrl ?? null,
          health: t.health ?? null,
          scrapeInterval: t.scrapeInterval ?? null,
          scrapeTimeout: t.scrapeTimeout ?? null,
        }))
        .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))
    const [theirs, mine] = await Promise.all([
      call(prom.url, '/api/v1/targets'),
      call(ours.url, '/api/v1/targets'),
    ])
    expect(pick(mine)).toEqual(pick(theirs))
  })

  it('has the same series, label names and metadata for the app', async () => {
    for (const path of [
      '/api/v1/series?match[]={job="app"}',
      '/api/v1/labels?match[]={job="app"}',
      '/api/v1/label/__name__/values?match[]={job="app"}',
      '/api/v1/targets/metadata?match_target={job="app"}',
    ]) {
      const [theirs, mine] = await Promise.all([call(prom.url, path), call(ours.url, path)])
      const sort = (d: Json | undefined): string[] =>
        ((d ?? []) as Json[]).map((x) => JSON.stringify(x)).sort()
      expect(sort(mine.body.data), path).toEqual(sort(theirs.body.data))
    }
  })
})
