import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import { compileRelabelConfig, encodeProtobuf, Labels, type MetricFamily } from '@watchfire/model'
import { isStaleNaN, MemoryStorage, ValueType } from '@watchfire/storage'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ScrapeConfig } from '../config/config-types.js'
import { parseConfig } from '../config/load-config.js'
import { DEFAULT_ACCEPT } from './accept-header.js'
import { httpScrapeFetcher } from './scrape-http.js'
import { ScrapeLoop } from './scrape-loop.js'
import { populateTarget, Target } from './target.js'

interface Reply {
  status?: number
  contentType: string
  body: string | Uint8Array
  gzip?: boolean
}

/** A real HTTP server on 127.0.0.1 whose reply the test sets; records the last request headers. */
class ExpositionServer {
  reply: Reply = { contentType: 'text/plain; version=0.0.4', body: '' }
  lastHeaders: IncomingHttpHeaders = {}
  private readonly server: Server = createServer((req, res) => {
    this.lastHeaders = req.headers
    const body =
      typeof this.reply.body === 'string' ? Buffer.from(this.reply.body) : Buffer.from(this.reply.body)
    const headers: Record<string, string> = { 'Content-Type': this.reply.contentType }
    if (this.reply.gzip) headers['Content-Encoding'] = 'gzip'
    res.writeHead(this.reply.status ?? 200, headers)
    res.end(this.reply.gzip ? gzipSync(body) : body)
  })

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()))
  }
}

function jobConfig(yaml: string): ScrapeConfig {
  const config = parseConfig(`scrape_configs:\n  - job_name: test\n${yaml.replace(/^/gm, '    ')}\n`)
    .scrapeConfigs[0]
  if (config === undefined) throw new Error('no scrape config')
  return config
}

interface StoredSeries {
  labels: Record<string, string>
  values: [number, number][]
  /** Timestamps of staleness markers, detected while iterating: NaN payloads do not survive plain arrays. */
  staleAt: number[]
}

async function samples(storage: MemoryStorage, name: string): Promise<StoredSeries[]> {
  const querier = await storage.querier(0, Number.MAX_SAFE_INTEGER)
  const set = querier.select(true, undefined)
  const out: StoredSeries[] = []
  while (set.next()) {
    const series = set.at()
    if (series.labels.metricName !== name) continue
    const values: [number, number][] = []
    const staleAt: number[] = []
    const it = series.iterator()
    for (let kind = it.next(); kind !== ValueType.None; kind = it.next()) {
      if (kind === ValueType.Float && isStaleNaN(it.atF())) staleAt.push(it.atT())
      else values.push([it.atT(), kind === ValueType.Float ? it.atF() : it.atHistogram().count])
    }
    out.push({ labels: series.labels.toRecord(), values, staleAt })
  }
  querier.close()
  return out
}

async function value(storage: MemoryStorage, name: string, t: number): Promise<number | undefined> {
  const all = await samples(storage, name)
  return all[0]?.values.find(([ts]) => ts === t)?.[1]
}

describe('ScrapeLoop', () => {
  let server: ExpositionServer
  let address: string
  let storage: MemoryStorage

  beforeEach(async () => {
    server = new ExpositionServer()
    address = await server.start()
    storage = new MemoryStorage()
  })
  afterEach(async () => {
    await server.close()
  })

  function loop(yaml = '', labels: Record<string, string> = {}): ScrapeLoop {
    const config = jobConfig(yaml)
    const target = populateTarget({ __address__: address, ...labels }, config)
    if (!(target instanceof Target)) throw new Error('no target')
    return new ScrapeLoop(target, {
      config,
      appendable: storage,
      fetcher: httpScrapeFetcher(config.httpClient),
      accept: DEFAULT_ACCEPT,
      nativeHistograms: true,
      offsetSeed: 0n,
      now: Date.now,
    })
  }

  const text =
    '# TYPE http_requests_total counter\nhttp_requests_total{code="200"} 7\nhttp_requests_total{code="500"} 3\ntemp 21.5\n'

  it.each([
    ['text', { contentType: 'text/plain; version=0.0.4', body: text }],
    ['gzipped text', { contentType: 'text/plain; version=0.0.4', body: text, gzip: true }],
    [
      'OpenMetrics',
      {
        contentType: 'application/openmetrics-text; version=1.0.0; charset=utf-8',
        body: '# TYPE http_requests counter\nhttp_requests_total{code="200"} 7\nhttp_requests_total{code="500"} 3\n# TYPE temp gauge\ntemp 21.5\n# EOF\n',
      },
    ],
    [
      'protobuf',
      {
        contentType:
          'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited',
        body: encodeProtobuf([
          {
            name: 'http_requests_total',
            help: '',
            type: 'counter',
            unit: '',
            metrics: [
              { labels: { code: '200' }, value: 7 },
              { labels: { code: '500' }, value: 3 },
            ],
          },
          { name: 'temp', help: '', type: 'gauge', unit: '', metrics: [{ labels: {}, value: 21.5 }] },
        ] satisfies MetricFamily[]),
      },
    ],
  ])('stores samples and the synthetic series from %s', async (_name, reply) => {
    server.reply = reply
    await loop().scrapeAndReport(1000)
    const requests = await samples(storage, 'http_requests_total')
    expect(requests.map((s) => s.labels)).toEqual([
      { __name__: 'http_requests_total', code: '200', instance: address, job: 'test' },
      { __name__: 'http_requests_total', code: '500', instance: address, job: 'test' },
    ])
    expect(requests.map((s) => s.values)).toEqual([[[1000, 7]], [[1000, 3]]])
    expect(await value(storage, 'temp', 1000)).toBe(21.5)
    expect(await value(storage, 'up', 1000)).toBe(1)
    expect(await value(storage, 'scrape_samples_scraped', 1000)).toBe(3)
    expect(await value(storage, 'scrape_samples_post_metric_relabeling', 1000)).toBe(3)
    expect(await value(storage, 'scrape_series_added', 1000)).toBe(3)
    expect(await value(storage, 'scrape_duration_seconds', 1000)).toBeGreaterThan(0)
  })

  it('sends the Accept, encoding and timeout headers', async () => {
    server.reply = { contentType: 'text/plain', body: 'a 1\n' }
    await loop('scrape_timeout: 3s').scrapeAndReport(1000)
    expect(server.lastHeaders.accept).toBe(DEFAULT_ACCEPT)
    expect(server.lastHeaders['accept-encoding']).toBe('gzip')
    expect(server.lastHeaders['x-prometheus-scrape-timeout-seconds']).toBe('3')
  })

  it('ingests native histograms from protobuf', async () => {
    server.reply = {
      contentType:
        'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited',
      body: encodeProtobuf([
        {
          name: 'latency_seconds',
          help: '',
          type: 'histogram',
          unit: '',
          metrics: [
            {
              labels: {},
              histogram: {
                count: 3,
                sum: 6,
                buckets: [],
                native: {
                  schema: 0,
                  zeroThreshold: 1e-128,
                  zeroCount: 0,
                  count: 3,
                  sum: 6,
                  positiveSpans: [{ offset: 1, length: 2 }],
                  positiveBuckets: [1, 2],
                  negativeSpans: [],
                  negativeBuckets: [],
                },
              },
            },
          ],
        },
      ]),
    }
    await loop().scrapeAndReport(1000)
    expect((await samples(storage, 'latency_seconds')).map((s) => s.values)).toEqual([[[1000, 3]]])
  })

  it('reports up=0 and no samples when the target fails', async () => {
    server.reply = { status: 500, contentType: 'text/plain', body: 'oops' }
    const l = loop()
    await l.scrapeAndReport(1000)
    expect(await value(storage, 'up', 1000)).toBe(0)
    expect(await value(storage, 'scrape_samples_scraped', 1000)).toBe(0)
    expect(l.target.health).toBe('down')
    expect(l.target.lastError).toContain('500')
  })

  it('fails the scrape on malformed exposition', async () => {
    server.reply = { contentType: 'text/plain', body: 'a{ 1\n' }
    await loop().scrapeAndReport(1000)
    expect(await value(storage, 'up', 1000)).toBe(0)
  })

  it('writes staleness markers for series that disappear', async () => {
    const l = loop()
    server.reply = { contentType: 'text/plain', body: 'a 1\nb 2\n' }
    await l.scrapeAndReport(1000)
    server.reply = { contentType: 'text/plain', body: 'a 1\n' }
    await l.scrapeAndReport(2000)
    expect((await samples(storage, 'b'))[0]?.staleAt).toEqual([2000])
    expect((await samples(storage, 'a'))[0]?.staleAt).toEqual([])
  })

  it('fails every scrape without fetching while an error is forced (target_limit)', async () => {
    const l = loop()
    server.reply = { contentType: 'text/plain', body: 'a 1\n' }
    await l.scrapeAndReport(1000)
    server.lastHeaders = {}
    l.setForcedError('target_limit exceeded (number of targets: 2, limit: 1)')
    await l.scrapeAndReport(2000)
    expect(server.lastHeaders).toEqual({})
    expect(await value(storage, 'up', 2000)).toBe(0)
    expect((await samples(storage, 'a'))[0]?.staleAt).toEqual([2000])
    expect(l.target.health).toBe('down')
    expect(l.target.lastError).toBe('target_limit exceeded (number of targets: 2, limit: 1)')
    l.setForcedError(undefined)
    await l.scrapeAndReport(3000)
    expect(await value(storage, 'up', 3000)).toBe(1)
  })

  it('marks the previous series stale when a scrape fails', async () => {
    const l = loop()
    server.reply = { contentType: 'text/plain', body: 'a 1\n' }
    await l.scrapeAndReport(1000)
    server.reply = { status: 503, contentType: 'text/plain', body: '' }
    await l.scrapeAndReport(2000)
    expect((await samples(storage, 'a'))[0]?.staleAt).toEqual([2000])
  })

  it.each([
    ['sample_limit: 2', 'a 1\nb 2\nc 3\n', 'sample limit exceeded'],
    ['label_limit: 3', 'a{x="1",y="2"} 1\n', 'label_limit exceeded'],
    ['label_name_length_limit: 3', 'a{long_name="1"} 1\n', 'label_name_length_limit exceeded'],
    ['label_value_length_limit: 3', 'a{x="long value"} 1\n', 'label_value_length_limit exceeded'],
    ['body_size_limit: 1KB', `a 1\n${'# padding\n'.repeat(200)}`, 'body size limit exceeded'],
  ])('%s fails the scrape with up=0 and stores nothing', async (yaml, body, error) => {
    server.reply = { contentType: 'text/plain', body }
    const l = loop(yaml)
    await l.scrapeAndReport(1000)
    expect(await value(storage, 'up', 1000)).toBe(0)
    expect(await samples(storage, 'a')).toEqual([])
    expect(l.target.lastError).toContain(error)
  })

  it('applies the sample limit after metric relabelling', async () => {
    server.reply = { contentType: 'text/plain', body: 'a 1\ndrop_me 2\n' }
    await loop(
      'sample_limit: 1\nmetric_relabel_configs: [{source_labels: [__name__], regex: drop_.*, action: drop}]',
    ).scrapeAndReport(1000)
    expect(await value(storage, 'up', 1000)).toBe(1)
    expect(await value(storage, 'scrape_samples_scraped', 1000)).toBe(2)
    expect(await value(storage, 'scrape_samples_post_metric_relabeling', 1000)).toBe(1)
  })

  it.each([
    [false, { __name__: 'a', job: 'test', instance: 'ADDR', exported_job: 'mine', exported_instance: 'x' }],
    [true, { __name__: 'a', job: 'mine', instance: 'x' }],
  ])('honor_labels: %s', async (honor, expected) => {
    server.reply = { contentType: 'text/plain', body: 'a{job="mine",instance="x"} 1\n' }
    await loop(`honor_labels: ${honor}`).scrapeAndReport(1000)
    const want = Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, v === 'ADDR' ? address : v]))
    expect((await samples(storage, 'a')).map((s) => s.labels)).toEqual([Labels.fromRecord(want).toRecord()])
  })

  it('keeps an existing exported_ label by prefixing again', async () => {
    server.reply = { contentType: 'text/plain', body: 'a{job="mine",exported_job="old"} 1\n' }
    await loop().scrapeAndReport(1000)
    expect((await samples(storage, 'a'))[0]?.labels).toMatchObject({
      job: 'test',
      exported_job: 'old',
      exported_exported_job: 'mine',
    })
  })

  it.each([
    [true, 5000],
    [false, 1000],
  ])('honor_timestamps: %s', async (honor, expected) => {
    server.reply = { contentType: 'text/plain', body: 'a 1 5000\n' }
    await loop(`honor_timestamps: ${honor}`).scrapeAndReport(1000)
    expect((await samples(storage, 'a'))[0]?.values[0]?.[0]).toBe(expected)
  })

  it('applies metric_relabel_configs', async () => {
    server.reply = { contentType: 'text/plain', body: 'a{x="1"} 1\ngo_gc 2\n' }
    const l = loop(
      'metric_relabel_configs: [{source_labels: [__name__], regex: go_.*, action: drop}, {source_labels: [x], target_label: y}]',
    )
    await l.scrapeAndReport(1000)
    expect(await samples(storage, 'go_gc')).toEqual([])
    expect((await samples(storage, 'a'))[0]?.labels).toMatchObject({ x: '1', y: '1' })
  })

  it('adds target labels from discovery and relabelling to every series', async () => {
    server.reply = { contentType: 'text/plain', body: 'a 1\n' }
    const config = jobConfig('relabel_configs: [{target_label: env, replacement: prod}]')
    expect(compileRelabelConfig({ targetLabel: 'env', replacement: 'prod' }).action).toBe('replace')
    const target = populateTarget({ __address__: address, team: 'x' }, config)
    if (!(target instanceof Target)) throw new Error('no target')
    const l = new ScrapeLoop(target, {
      config,
      appendable: storage,
      fetcher: httpScrapeFetcher(config.httpClient),
      accept: DEFAULT_ACCEPT,
      nativeHistograms: false,
      offsetSeed: 0n,
      now: Date.now,
    })
    await l.scrapeAndReport(1000)
    expect((await samples(storage, 'a'))[0]?.labels).toEqual({
      __name__: 'a',
      env: 'prod',
      instance: address,
      job: 'test',
      team: 'x',
    })
    expect((await samples(storage, 'up'))[0]?.labels).toEqual({
      __name__: 'up',
      env: 'prod',
      instance: address,
      job: 'test',
      team: 'x',
    })
  })

  it('counts only new series in scrape_series_added', async () => {
    const l = loop()
    server.reply = { contentType: 'text/plain', body: 'a 1\n' }
    await l.scrapeAndReport(1000)
    server.reply = { contentType: 'text/plain', body: 'a 1\nb 1\n' }
    await l.scrapeAndReport(2000)
    expect(await value(storage, 'scrape_series_added', 2000)).toBe(1)
  })

  it('spreads start offsets over the interval by target hash', () => {
    const offsets = new Set<number>()
    for (let i = 0; i < 20; i++) {
      const target = populateTarget({ __address__: `host${i}:80` }, jobConfig('scrape_interval: 10s'))
      if (!(target instanceof Target)) throw new Error('no target')
      const l = new ScrapeLoop(target, { offsetSeed: 0n } as never)
      const offset = l.offsetMs(123_456)
      expect(offset).toBeGreaterThan(0)
      expect(offset).toBeLessThanOrEqual(10_000)
      // The same slot regardless of when the loop starts.
      expect((123_456 + offset) % 10_000).toBe((200_000 + l.offsetMs(200_000)) % 10_000)
      offsets.add(offset)
    }
    expect(offsets.size).toBeGreaterThan(15)
  })
})
