import { Labels } from '@watchfire/model'
import { MemoryStorage, STALE_NAN } from '@watchfire/storage'
import { describe, expect, it } from 'vitest'
import type { Value } from '../value.js'
import { Engine } from './engine.js'
import { QueryError } from './errors.js'

async function store(
  series: Record<string, Record<string, string>>,
  points: Record<string, [number, number | 'stale'][]>,
): Promise<MemoryStorage> {
  const s = new MemoryStorage()
  const app = s.appender()
  for (const [key, labels] of Object.entries(series)) {
    let ref = 0
    // A stale marker written into a plain array would lose its NaN payload, so it is named instead.
    for (const [t, v] of points[key] ?? [])
      ref = app.append(ref, Labels.fromRecord(labels), t, v === 'stale' ? STALE_NAN : v)
  }
  await app.commit()
  return s
}

function floats(v: Value): Record<string, number> {
  if (v.type !== 'vector') throw new Error(`expected vector, got ${v.type}`)
  return Object.fromEntries(v.samples.map((s) => [s.metric.toString(), s.f]))
}

const engine = new Engine({ annotationPositions: false })

describe('lookback and staleness', () => {
  const data = store(
    { a: { __name__: 'm', s: 'a' }, b: { __name__: 'm', s: 'b' } },
    {
      a: [
        [0, 1],
        [60_000, 2],
      ],
      b: [
        [0, 5],
        [60_000, 'stale'],
      ],
    },
  )
  it.each([
    [30_000, { '{__name__="m", s="a"}': 1, '{__name__="m", s="b"}': 5 }],
    [60_000, { '{__name__="m", s="a"}': 2 }],
    [359_999, { '{__name__="m", s="a"}': 2 }],
    [360_000, {}],
  ])('at %d ms the selector sees %j', async (t, want) => {
    const r = await engine.instantQuery(await data, 'm', t)
    expect(floats(r.value)).toEqual(want)
  })

  it('left-open range windows exclude the sample at the window start', async () => {
    const r = await engine.instantQuery(await data, 'count_over_time(m{s="a"}[1m])', 60_000)
    expect(floats(r.value)).toEqual({ '{s="a"}': 1 })
  })
})

describe('vector matching', () => {
  const data = store(
    {
      l1: { __name__: 'l', job: 'x', i: '1' },
      l2: { __name__: 'l', job: 'x', i: '2' },
      r1: { __name__: 'r', job: 'x' },
      r2: { __name__: 'r', job: 'x', k: 'dup' },
    },
    { l1: [[0, 1]], l2: [[0, 2]], r1: [[0, 10]], r2: [[0, 20]] },
  )
  it.each([
    ['l + on(job) r', /many-to-many matching not allowed/],
    ['l + on(job) group_left r{k=""}', null],
    ['l{i="1"} + on(job) r{k=""}', null],
    ['l + on(job) r{k=""}', /multiple matches for labels: many-to-one matching must be explicit/],
  ])('%s', async (q, error) => {
    const run = engine.instantQuery(await data, q, 0)
    if (error === null) await expect(run).resolves.toBeDefined()
    else await expect(run).rejects.toThrow(error)
  })

  it('group_left keeps the many side labels', async () => {
    const r = await engine.instantQuery(await data, 'l + on(job) group_left r{k=""}', 0)
    expect(floats(r.value)).toEqual({ '{i="1", job="x"}': 11, '{i="2", job="x"}': 12 })
  })
})

describe('aggregation grouping', () => {
  const data = store(
    {
      a: { __name__: 'm', job: 'a', i: '1' },
      b: { __name__: 'm', job: 'a', i: '2' },
      c: { __name__: 'm', job: 'b', i: '1' },
    },
    { a: [[0, 1]], b: [[0, 2]], c: [[0, 4]] },
  )
  it.each([
    ['sum(m)', { '{}': 7 }],
    ['sum by (job) (m)', { '{job="a"}': 3, '{job="b"}': 4 }],
    ['sum without (i) (m)', { '{job="a"}': 3, '{job="b"}': 4 }],
    ['max by (i) (m)', { '{i="1"}': 4, '{i="2"}': 2 }],
    ['count_values("v", m)', { '{v="1"}': 1, '{v="2"}': 1, '{v="4"}': 1 }],
    ['topk by (job) (1, m)', { '{__name__="m", i="2", job="a"}': 2, '{__name__="m", i="1", job="b"}': 4 }],
  ])('%s', async (q, want) => {
    const r = await engine.instantQuery(await data, q, 0)
    expect(floats(r.value)).toEqual(want)
  })
})

describe('limits', () => {
  it('fails a query holding more samples than maxSamples', async () => {
    const data = await store({ a: { __name__: 'm' } }, { a: [[0, 1]] })
    const small = new Engine({ maxSamples: 5 })
    const run = small.rangeQuery(data, 'm', 0, 600_000, 10_000)
    await expect(run).rejects.toThrow(
      'query processing would load too many samples into memory in query execution',
    )
    await expect(run).rejects.toBeInstanceOf(QueryError)
    await expect(
      new Engine({ maxSamples: 100 }).rangeQuery(data, 'm', 0, 60_000, 10_000),
    ).resolves.toBeDefined()
  })

  it('rejects an aborted query with ERR_QUERY_CANCELED', async () => {
    const data = await store({ a: { __name__: 'm' } }, { a: [[0, 1]] })
    const controller = new AbortController()
    controller.abort()
    await expect(engine.instantQuery(data, 'm', 0, { signal: controller.signal })).rejects.toMatchObject({
      code: 'ERR_QUERY_CANCELED',
    })
  })

  it('cancels a long range query from a timer while it runs', async () => {
    const data = await store({ a: { __name__: 'm' } }, { a: [[0, 1]] })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 5)
    const run = engine.rangeQuery(data, 'sum_over_time(vector(1)[1h:1s])', 0, 30 * 86_400_000, 60_000, {
      signal: controller.signal,
    })
    await expect(run).rejects.toMatchObject({ code: 'ERR_QUERY_CANCELED' })
  })

  it('times out with ERR_QUERY_TIMEOUT', async () => {
    const data = await store({ a: { __name__: 'm' } }, { a: [[0, 1]] })
    const slow = new Engine({ timeoutMs: 1 })
    const run = slow.rangeQuery(data, 'sum_over_time(m[1h:1s])', 0, 30 * 86_400_000, 60_000)
    await expect(run).rejects.toMatchObject({ code: 'ERR_QUERY_TIMEOUT' })
  })
})

describe('result shapes', () => {
  it.each([
    ['1 + 1', 'scalar'],
    ['"s"', 'string'],
    ['vector(1)', 'vector'],
  ])('%s is a %s', async (q, type) => {
    const r = await engine.instantQuery(new MemoryStorage(), q, 0)
    expect(r.value.type).toBe(type)
  })

  it('refuses a range vector as a range query', async () => {
    await expect(engine.rangeQuery(new MemoryStorage(), 'm[5m]', 0, 1000, 10)).rejects.toThrow(
      'invalid expression type "range vector" for range query, must be Scalar or instant Vector',
    )
  })
})

describe('evaluation time versus pinned samples', () => {
  const data = store({ a: { __name__: 'm' } }, { a: [[10_000, -3]] })

  it.each([
    // timestamp() of a selector pinned by @ is the sample's time; of anything else the step's.
    ['timestamp(m @ 10)', [10, 10, 10]],
    ['timestamp(abs(m @ 10))', [0, 10, 20]],
    ['timestamp(timestamp(m @ 10))', [0, 10, 20]],
  ])('%s over 0..20s', async (query, want) => {
    const r = await engine.rangeQuery(await data, query, 0, 20_000, 10_000)
    if (r.value.type !== 'matrix') throw new Error('expected a matrix')
    expect(r.value.series[0]?.floats.map((p) => p.f)).toEqual(want)
  })
})
