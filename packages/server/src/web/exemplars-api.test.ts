import { Labels, type Matcher } from '@watchfire/model'
import { parseExpr } from '@watchfire/promql'
import { describe, expect, it } from 'vitest'
import { ApiError } from './api-error.js'
import {
  extractSelectors,
  queryExemplars,
  type ExemplarQueryable,
  type ExemplarSeries,
} from './exemplars-api.js'
import { ApiForm } from './request-body.js'

/** A store that records what it was asked and answers the series whose job one matcher set accepts. */
class FakeStore implements ExemplarQueryable {
  asked: { startMs: number; endMs: number; sets: number } | undefined
  constructor(private readonly series: ExemplarSeries[]) {}
  selectExemplars(startMs: number, endMs: number, sets: readonly (readonly Matcher[])[]): ExemplarSeries[] {
    this.asked = { startMs, endMs, sets: sets.length }
    return this.series.filter((s) =>
      sets.some((ms) => ms.every((m) => m.matches(s.seriesLabels.get(m.name)))),
    )
  }
}

const series: ExemplarSeries[] = [
  {
    seriesLabels: Labels.fromRecord({ __name__: 'rpc_total', job: 'a' }),
    exemplars: [
      { labels: { trace_id: 'abc', span_id: '1' }, value: 6, timestampMs: 1_600_096_945_479 },
      { labels: { trace_id: 'def' }, value: 0.5, timestampMs: 1_600_096_946_000 },
    ],
  },
]

describe('extractSelectors', () => {
  it.each([
    ['rpc_total', [['__name__="rpc_total"']]],
    ['sum(rate(a{x="1"}[5m])) / b', [['x="1"', '__name__="a"'], ['__name__="b"']]],
    ['1 + 2', []],
  ])('finds the selectors of %s', (query, want) => {
    const got = extractSelectors(parseExpr(query)).map((ms) => ms.map((m) => m.toString()).sort())
    expect(got).toEqual(want.map((ms) => [...ms].sort()))
  })
})

describe('GET /api/v1/query_exemplars', () => {
  it("answers Prometheus's JSON: sorted exemplar labels, string values, timestamps in seconds", () => {
    const store = new FakeStore(series)
    const got = queryExemplars(
      store,
      ApiForm.of({ query: 'rate(rpc_total[1m])', start: '1600096900', end: '1600097000.5' }),
    )
    expect(JSON.parse(got.data)).toEqual([
      {
        seriesLabels: { __name__: 'rpc_total', job: 'a' },
        exemplars: [
          { labels: { span_id: '1', trace_id: 'abc' }, value: '6', timestamp: 1600096945.479 },
          { labels: { trace_id: 'def' }, value: '0.5', timestamp: 1600096946 },
        ],
      },
    ])
    expect(got.data).toContain('"labels":{"span_id":"1","trace_id":"abc"}')
    expect(store.asked).toEqual({ startMs: 1_600_096_900_000, endMs: 1_600_097_000_500, sets: 1 })
  })

  it.each([
    ['no selector in the query', { query: 'vector(1)' }, 'null'],
    ['a selector matching nothing', { query: 'other_total' }, '[]'],
  ])('answers %s with %s', (_name, params, want) => {
    expect(queryExemplars(new FakeStore(series), ApiForm.of(params)).data).toBe(want)
  })

  it.each([
    ['a bad query', { query: 'rate(' }],
    ['a bad start', { query: 'a', start: 'soon' }],
    ['end before start', { query: 'a', start: '10', end: '5' }],
  ])('refuses %s as bad_data', (_name, params) => {
    let caught: unknown
    try {
      queryExemplars(new FakeStore(series), ApiForm.of(params))
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(ApiError)
    expect((caught as ApiError).errorType).toBe('bad_data')
  })
})
