import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { decodeProtobuf, Labels, Matcher, type NativeHistogram } from '@watchfire/model'
import { MemoryStorage, STALE_NAN } from '@watchfire/storage'
import { afterEach, describe, expect, it } from 'vitest'
import {
  federatedSamples,
  federateHandler,
  federationFamilies,
  type FederateOptions,
} from './federate-api.js'

const NOW = 1_000_000
const LOOKBACK = 300_000

const hist: NativeHistogram = {
  schema: 0,
  zeroThreshold: 0,
  zeroCount: 1,
  count: 3,
  sum: 4.5,
  positiveSpans: [{ offset: 0, length: 1 }],
  positiveBuckets: [2],
  negativeSpans: [],
  negativeBuckets: [],
}

async function store(): Promise<MemoryStorage> {
  const s = new MemoryStorage()
  const app = s.appender()
  const add = (labels: Record<string, string>, t: number, v: number): void =>
    void app.append(0, Labels.fromRecord(labels), t, v)
  add({ __name__: 'b_metric', job: 'x', instance: 'i1' }, NOW - 20_000, 1)
  add({ __name__: 'b_metric', job: 'x', instance: 'i1' }, NOW - 10_000, 2)
  add({ __name__: 'a_metric', job: 'x' }, NOW - 5_000, 3)
  add({ __name__: 'a_metric', job: 'y' }, NOW - 5_000, 4)
  add({ __name__: 'gone', job: 'x' }, NOW - 10_000, 5)
  add({ __name__: 'gone', job: 'x' }, NOW - 5_000, STALE_NAN)
  add({ __name__: 'old', job: 'x' }, NOW - LOOKBACK - 1, 6)
  add({ __name__: 'future', job: 'x' }, NOW + 1, 7)
  app.appendHistogram(0, Labels.fromRecord({ __name__: 'h', job: 'x' }), NOW - 1_000, hist)
  await app.commit()
  return s
}

function options(queryable: MemoryStorage, external: Record<string, string> = {}): FederateOptions {
  return {
    queryable,
    lookbackDeltaMs: LOOKBACK,
    now: () => NOW,
    externalLabels: () => Labels.fromRecord(external),
  }
}

describe('federatedSamples', () => {
  it('takes the newest sample within the lookback, drops stale series, orders by name', async () => {
    const samples = await federatedSamples(options(await store()), [[new Matcher('=', 'job', 'x')]])
    expect(samples.map((s) => `${s.labels.toString()} ${s.v}@${s.t}`)).toEqual([
      `{__name__="a_metric", job="x"} 3@${NOW - 5_000}`,
      `{__name__="b_metric", instance="i1", job="x"} 2@${NOW - 10_000}`,
      `{__name__="h", job="x"} 0@${NOW - 1_000}`,
    ])
    expect(samples[2]?.h).toEqual(hist)
  })

  it('merges overlapping matcher sets without repeating a series', async () => {
    const samples = await federatedSamples(options(await store()), [
      [new Matcher('=', '__name__', 'a_metric')],
      [new Matcher('=', 'job', 'y')],
    ])
    expect(samples.map((s) => s.labels.toString())).toEqual([
      '{__name__="a_metric", job="x"}',
      '{__name__="a_metric", job="y"}',
    ])
  })
})

describe('federationFamilies', () => {
  it('adds external labels and an empty instance where missing, keeps histograms only when asked', async () => {
    const samples = await federatedSamples(options(await store()), [[new Matcher('=', 'job', 'x')]])
    const families = federationFamilies(samples, Labels.fromRecord({ site: 's', job: 'ext' }), false)
    expect(families.map((f) => [f.name, f.type, f.metrics.map((m) => m.labels)])).toEqual([
      ['a_metric', 'unknown', [{ job: 'x', instance: '', site: 's' }]],
      ['b_metric', 'unknown', [{ instance: 'i1', job: 'x', site: 's' }]],
    ])
    const withHistograms = federationFamilies(samples, Labels.EMPTY, true)
    expect(withHistograms.at(-1)).toMatchObject({ name: 'h', type: 'histogram' })
  })
})

const servers: Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))))
})

async function serve(o: FederateOptions): Promise<string> {
  const handler = federateHandler(o)
  const server = createServer((req, res) => void handler(req, res))
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

describe('GET /federate', () => {
  it('answers the text format with timestamps', async () => {
    const base = await serve(options(await store(), { site: 's' }))
    const res = await fetch(`${base}/federate?match[]=${encodeURIComponent('{job="x",__name__=~"a.*|b.*"}')}`)
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
    expect(await res.text()).toBe(
      [
        '# TYPE a_metric untyped',
        `a_metric{job="x",instance="",site="s"} 3 ${NOW - 5_000}`,
        '# TYPE b_metric untyped',
        `b_metric{instance="i1",job="x",site="s"} 2 ${NOW - 10_000}`,
        '',
      ].join('\n'),
    )
  })

  it('answers delimited protobuf, native histograms included, when Accept asks for it', async () => {
    const base = await serve(options(await store()))
    const res = await fetch(`${base}/federate?match[]=${encodeURIComponent('{__name__="h"}')}`, {
      headers: {
        Accept: 'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited',
      },
    })
    expect(res.headers.get('content-type')).toMatch(/encoding=delimited/)
    const families = decodeProtobuf(new Uint8Array(await res.arrayBuffer()))
    expect(families.map((f) => [f.name, f.type, f.metrics[0]?.timestampMs])).toEqual([
      ['h', 'histogram', NOW - 1_000],
    ])
    expect(families[0]?.metrics[0]?.histogram?.native).toMatchObject({ count: 3, sum: 4.5 })
  })

  it.each([
    ['a selector that does not parse', '{job='],
    ['a selector matching everything', '{job=~".*"}'],
  ])('refuses %s with 400', async (_name, selector) => {
    const base = await serve(options(await store()))
    const res = await fetch(`${base}/federate?match[]=${encodeURIComponent(selector)}`)
    expect(res.status).toBe(400)
  })
})
