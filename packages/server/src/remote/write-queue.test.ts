import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Registry } from '@watchfire/client'
import { Labels } from '@watchfire/model'
import { openDB, type DB } from '@watchfire/tsdb'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseConfig } from '../config/load-config.js'
import { FakeReceiver, type Reply } from './fake-receiver.test-fixtures.js'
import { RemoteWriteMetrics } from './remote-write-metrics.js'
import { WriteQueue, type WriteQueueOptions } from './write-queue.js'

const SERIES = ['a', 'b', 'c', 'd', 'e', 'f'].map((x) => Labels.fromRecord({ __name__: 'm', s: x }))

let dir: string
let receiver: FakeReceiver
let db: DB
let registry: Registry
let metrics: RemoteWriteMetrics
const logs: string[] = []
const queues: WriteQueue[] = []

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wf-rw-'))
  receiver = await FakeReceiver.start()
  db = await openDB(join(dir, 'data'), { logger: () => undefined })
  registry = new Registry()
  metrics = new RemoteWriteMetrics(registry)
  logs.length = 0
})

afterEach(async () => {
  for (const q of queues.splice(0)) await q.stop()
  await db.close()
  await receiver.close()
  rmSync(dir, { recursive: true, force: true })
})

function queue(
  extra = '',
  queueConfig = '',
  remoteTimeout = '5s',
  more: Partial<WriteQueueOptions> = {},
): WriteQueue {
  const config = parseConfig(`
global:
  external_labels: { region: eu }
remote_write:
  - url: ${receiver.url}
    remote_timeout: ${remoteTimeout}
    queue_config:
      max_samples_per_send: 10
      batch_send_deadline: 20ms
      min_backoff: 10ms
      max_backoff: 40ms
      capacity: 50
      ${queueConfig}
${extra}
`)
  const q = new WriteQueue({
    config: config.remoteWrite[0]!,
    externalLabels: config.global.externalLabels,
    walDir: join(dir, 'data', 'wal'),
    stateDir: join(dir, 'data', 'remote-write'),
    metrics,
    log: (m) => logs.push(m),
    pollIntervalMs: 5,
    persistIntervalMs: 20,
    flushDeadlineMs: 2000,
    ...more,
  })
  queues.push(q)
  return q
}

/** The sum of a metric's series on the test's registry. */
async function metricValue(name: string): Promise<number> {
  const text = await registry.metrics()
  let sum = 0
  for (const line of text.split('\n')) if (line.startsWith(`${name}{`)) sum += Number(line.split(' ').at(-1))
  return sum
}

async function appendRound(t: number, series = SERIES): Promise<void> {
  const app = db.appender()
  for (const [i, ls] of series.entries()) app.append(0, ls, t, t + i)
  await app.commit()
}

async function until(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 10))
  }
}

function expectExactlyOnce(rounds: number[], series = SERIES): void {
  expect(receiver.accepted.size).toBe(series.length)
  for (const ls of series) {
    const key = ls.with('region', 'eu').toString()
    expect(receiver.accepted.get(key), key).toEqual(rounds)
  }
}

const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i * 1000)

describe('WriteQueue', () => {
  it.each<[string, (i: number) => Reply, number, string]>([
    ['500 then 200', (i) => ({ status: i < 3 ? 500 : 200 }), 3, '5s'],
    [
      'slow answers past remote_timeout',
      (i) => (i < 2 ? { status: 200, delayMs: 1000 } : { status: 204 }),
      2,
      '300ms',
    ],
  ])('retries until delivered: %s', async (_, reply, failures, timeout) => {
    receiver.reply = reply
    const q = queue('', '', timeout)
    q.start()
    const ts = range(1000, 20)
    for (const t of ts) await appendRound(t)
    await until(() => receiver.total >= ts.length * SERIES.length)
    await new Promise((r) => setTimeout(r, 100))
    expectExactlyOnce(ts)
    expect(await metricValue('prometheus_remote_storage_samples_retried_total')).toBeGreaterThanOrEqual(
      failures,
    )
    expect(await metricValue('prometheus_remote_storage_samples_failed_total')).toBe(0)
    expect(await metricValue('prometheus_remote_storage_samples_total')).toBe(ts.length * SERIES.length)
  })

  it('honours Retry-After on 429 when retry_on_http_429 is set', async () => {
    receiver.reply = (i) => (i === 0 ? { status: 429, headers: { 'Retry-After': '1' } } : { status: 200 })
    queue('', 'retry_on_http_429: true').start()
    await appendRound(1000)
    await until(() => receiver.total >= SERIES.length)
    const [first, second] = receiver.requests
    expect((second?.atMs ?? 0) - (first?.atMs ?? 0)).toBeGreaterThanOrEqual(950)
    expectExactlyOnce([1000])
  })

  it.each([
    ['400', 400, ''],
    ['429 without retry_on_http_429', 429, ''],
  ])('drops a batch refused with %s, without retrying, and logs why', async (_, status) => {
    receiver.reply = (i) => ({ status: i === 0 ? status : 200 })
    queue().start()
    await appendRound(1000)
    await until(() => receiver.requests.length >= 1)
    await new Promise((r) => setTimeout(r, 100))
    await appendRound(2000)
    await until(() => receiver.total >= SERIES.length)
    expect(receiver.requests).toHaveLength(2)
    expectExactlyOnce([2000])
    expect(await metricValue('prometheus_remote_storage_samples_failed_total')).toBe(SERIES.length)
    expect(await metricValue('prometheus_remote_storage_samples_retried_total')).toBe(0)
    expect(logs.some((l) => l.includes('non-recoverable') && l.includes(String(status)))).toBe(true)
  })

  it('sends the 1.0 headers, external labels, and applies write_relabel_configs', async () => {
    const q = queue(`    headers: { X-Scope-OrgID: tenant-1 }
    write_relabel_configs:
      - source_labels: [s]
        regex: f
        action: drop
`)
    q.start()
    await appendRound(1000)
    await until(() => receiver.total >= SERIES.length - 1)
    await new Promise((r) => setTimeout(r, 50))
    expectExactlyOnce([1000], SERIES.slice(0, 5))
    const h = receiver.requests[0]?.headers
    expect(h?.['content-encoding']).toBe('snappy')
    expect(h?.['content-type']).toBe('application/x-protobuf')
    expect(h?.['x-prometheus-remote-write-version']).toBe('0.1.0')
    expect(h?.['user-agent']).toMatch(/^Watchfire\//)
    expect(h?.['x-scope-orgid']).toBe('tenant-1')
    expect(await metricValue('prometheus_remote_storage_samples_dropped_total')).toBe(1)
  })

  it.each([
    ['sends native histograms when send_native_histograms is on', 'true', [1000, 2000]],
    ['leaves them out otherwise', 'false', []],
  ])('%s', async (_, on, want) => {
    queue(`    send_native_histograms: ${on}\n`).start()
    const h = {
      schema: 0,
      zeroThreshold: 0.001,
      zeroCount: 1,
      count: 4,
      sum: 2.5,
      positiveSpans: [{ offset: 0, length: 2 }],
      positiveBuckets: [1, 2],
      negativeSpans: [],
      negativeBuckets: [],
    }
    const hl = Labels.fromRecord({ __name__: 'lat' })
    for (const t of [1000, 2000]) {
      const app = db.appender()
      app.appendHistogram(0, hl, t, { ...h, count: h.count * t })
      app.append(0, SERIES[0] as Labels, t, 1)
      await app.commit()
    }
    await until(() => receiver.accepted.get(SERIES[0]?.with('region', 'eu').toString() ?? '')?.length === 2)
    await new Promise((r) => setTimeout(r, 100))
    expect(receiver.accepted.get(hl.with('region', 'eu').toString()) ?? []).toEqual(want)
    if (on === 'true') {
      const got = receiver.requests.flatMap((r) => r.series.flatMap((s) => s.histograms))
      expect(got.map((x) => x.h.count)).toEqual([4000, 8000])
    }
  })

  it('resumes after a restart mid-backlog: every sample exactly once', async () => {
    let down = true
    // While "down", shard traffic for some series succeeds and the rest fails, so records are
    // partly delivered when the queue stops: the saved per-series timestamps must cover that.
    receiver.reply = (_, series) => ({
      status: down && series.some((s) => ['c', 'e'].includes(s.labels.get('s'))) ? 503 : 200,
    })
    let q = queue('', 'max_shards: 4\n      min_shards: 3')
    q.start()
    const first = range(1000, 15)
    for (const t of first) await appendRound(t)
    await until(() => receiver.total > 0 && receiver.requests.length > receiver.total / 10 + 3)
    await new Promise((r) => setTimeout(r, 300))
    expect(receiver.total).toBeLessThan(first.length * SERIES.length)
    await q.stop()
    queues.splice(queues.indexOf(q), 1)
    // The hard case is exercised: records past the saved position were partly delivered.
    const stateDir = join(dir, 'data', 'remote-write')
    const [file] = readdirSync(stateDir).filter((n) => n.endsWith('.json'))
    const saved = JSON.parse(readFileSync(join(stateDir, file ?? ''), 'utf8')) as { sent: unknown[] }
    expect(saved.sent.length).toBeGreaterThan(0)
    await db.close()
    db = await openDB(join(dir, 'data'), { logger: () => undefined })
    const second = range(16_000, 10)
    for (const t of second) await appendRound(t)
    down = false
    q = queue('', 'max_shards: 4\n      min_shards: 3')
    q.start()
    await until(() => receiver.total >= (first.length + second.length) * SERIES.length)
    await new Promise((r) => setTimeout(r, 200))
    expectExactlyOnce([...first, ...second])
  })

  it('retries through a long outage without piling listeners on its long-lived signals', async () => {
    const warnings: string[] = []
    const onWarning = (w: Error): void => void warnings.push(`${w.name}: ${w.message}`)
    process.on('warning', onWarning)
    try {
      receiver.reply = () => ({ status: 503 })
      const metadata = (): { family: string; type: string; help: string; unit: string }[] => [
        { family: 'm', type: 'gauge', help: 'h', unit: '' },
      ]
      queue(`    metadata_config: { send_interval: 100ms }\n`, '', '5s', { metadata }).start()
      for (const t of range(1000, 5)) await appendRound(t)
      // Metadata retries share one signal per sender, sample retries two per shard: dozens of each
      // (Node warns past 10 listeners on one signal).
      const metadataRequests = (): number => receiver.requests.filter((r) => r.series.length === 0).length
      await until(() => metadataRequests() > 40 && receiver.requests.length - metadataRequests() > 40, 10_000)
      await new Promise((r) => setTimeout(r, 50))
      expect(warnings).toEqual([])
    } finally {
      process.off('warning', onWarning)
    }
  }, 15_000)

  it('shutdown reads the WAL to its end and sends it all, the last commit included', async () => {
    // A watcher that would not poll again during the test: what arrives was read by the shutdown.
    const q = queue('', '', '5s', { pollIntervalMs: 60_000 })
    q.start()
    const ts = range(1000, 20)
    for (const t of ts) await appendRound(t)
    await q.shutdown()
    expectExactlyOnce(ts)
  })

  it('shutdown gives up at the flush deadline while the receiver is down, and the next start sends the rest', async () => {
    receiver.reply = () => ({ status: 503 })
    let q = queue()
    q.start()
    // More than the shards hold (capacity 50): the watcher is held back when the shutdown begins.
    const ts = range(1000, 30)
    for (const t of ts) await appendRound(t)
    await until(() => receiver.requests.length > 3)
    const began = performance.now()
    await q.shutdown()
    const tookMs = performance.now() - began
    expect(tookMs).toBeGreaterThanOrEqual(1900)
    expect(tookMs).toBeLessThan(3000)
    expect(receiver.total).toBe(0)
    queues.splice(queues.indexOf(q), 1)
    receiver.reply = () => ({ status: 204 })
    q = queue()
    q.start()
    await q.shutdown()
    expectExactlyOnce(ts)
  })
})
