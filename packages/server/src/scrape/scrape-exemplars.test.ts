import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { encodeProtobuf, type Exemplar, type Labels, type MetricFamily } from '@watchfire/model'
import { MemoryStorage, type Appendable, type Appender } from '@watchfire/storage'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseConfig } from '../config/load-config.js'
import { DEFAULT_ACCEPT } from './accept-header.js'
import { httpScrapeFetcher } from './scrape-http.js'
import { ScrapeLoop } from './scrape-loop.js'
import { populateTarget, Target } from './target.js'

interface Seen {
  series: string
  ref: number
  exemplar: Exemplar
}

/** A MemoryStorage whose appenders also record exemplars, as a store that keeps them would take them. */
class ExemplarRecorder implements Appendable {
  readonly seen: Seen[] = []
  private readonly storage = new MemoryStorage()
  appender(): Appender {
    const inner = this.storage.appender()
    const seen = this.seen
    return {
      append: (ref, labels, t, v) => inner.append(ref, labels, t, v),
      appendHistogram: (ref, labels, t, h) => inner.appendHistogram(ref, labels, t, h),
      appendExemplar: (ref: number, labels: Labels, exemplar: Exemplar) => {
        seen.push({ series: labels.toString(), ref, exemplar })
        return ref
      },
      commit: () => inner.commit(),
      rollback: () => inner.rollback(),
    }
  }
}

const openMetrics = [
  '# TYPE rpc counter',
  'rpc_total{code="200"} 7 # {trace_id="abc"} 1.5 1600000000.5',
  'rpc_total{code="500"} 3 # {trace_id="def"} 2',
  '# TYPE latency histogram',
  'latency_bucket{le="0.1"} 1 # {trace_id="ghi"} 0.05',
  'latency_bucket{le="+Inf"} 2',
  'latency_sum 0.3',
  'latency_count 2',
  '# EOF',
  '',
].join('\n')

const protobuf = encodeProtobuf([
  {
    name: 'rpc_total',
    help: '',
    type: 'counter',
    unit: '',
    metrics: [
      {
        labels: { code: '200' },
        value: 7,
        exemplar: { labels: { trace_id: 'abc' }, value: 1.5, timestampMs: 1_600_000_000_500 },
      },
    ],
  },
  {
    name: 'latency',
    help: '',
    type: 'histogram',
    unit: '',
    metrics: [
      {
        labels: {},
        histogram: {
          count: 2,
          sum: 0.3,
          buckets: [
            { upperBound: 0.1, cumulativeCount: 1, exemplar: { labels: { trace_id: 'ghi' }, value: 0.05 } },
          ],
        },
      },
    ],
  },
] satisfies MetricFamily[])

describe('ScrapeLoop exemplars', () => {
  let server: Server
  let reply: { contentType: string; body: string | Uint8Array }
  let address: string

  beforeEach(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': reply.contentType })
      res.end(Buffer.from(reply.body))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    address = `127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve))
  })

  it.each([
    ['OpenMetrics', 'application/openmetrics-text; version=1.0.0', openMetrics, ['abc', 'def', 'ghi']],
    [
      'protobuf',
      'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited',
      protobuf,
      ['abc', 'ghi'],
    ],
    ['text 0.0.4 (no exemplars)', 'text/plain; version=0.0.4', 'rpc_total{code="200"} 7\n', []],
  ])(
    'passes the exemplars of %s to the appender with the series ref',
    async (_name, contentType, body, traces) => {
      reply = { contentType, body }
      const config = parseConfig(`scrape_configs:\n  - job_name: test\n`).scrapeConfigs[0]
      if (config === undefined) throw new Error('no scrape config')
      const target = populateTarget({ __address__: address }, config)
      if (!(target instanceof Target)) throw new Error('no target')
      const store = new ExemplarRecorder()
      const loop = new ScrapeLoop(target, {
        config,
        appendable: store,
        fetcher: httpScrapeFetcher(config.httpClient),
        accept: DEFAULT_ACCEPT,
        nativeHistograms: false,
        offsetSeed: 0n,
        now: Date.now,
      })
      await loop.scrapeAndReport(1_700_000_000_000)
      expect(store.seen.map((s) => s.exemplar.labels.trace_id)).toEqual(traces)
      for (const s of store.seen) expect(s.ref).not.toBe(0)
      const byTrace = new Map(store.seen.map((s) => [s.exemplar.labels.trace_id, s]))
      if (traces.length === 0) return
      // An exemplar's own timestamp is kept; an untimed one takes the sample's (the scrape's) time.
      expect(byTrace.get('abc')?.exemplar).toEqual({
        labels: { trace_id: 'abc' },
        value: 1.5,
        timestampMs: 1_600_000_000_500,
      })
      expect(byTrace.get('ghi')?.exemplar.timestampMs).toBe(1_700_000_000_000)
      expect(byTrace.get('ghi')?.series).toBe(
        '{__name__="latency_bucket", instance="' + address + '", job="test", le="0.1"}',
      )
    },
  )
})
