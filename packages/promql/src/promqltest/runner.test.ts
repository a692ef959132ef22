import { Labels, Matcher, type NativeHistogram } from '@watchfire/model'
import { isStaleNaN, ValueType, type Queryable } from '@watchfire/storage'
import { describe, expect, it } from 'vitest'
import type { Sample, Series, Value } from '../value.js'
import type { PromqlTestEngine, QueryOutcome } from './engine-contract.js'
import { runScript, type ScriptResult } from './runner.js'

const LOOKBACK_MS = 5 * 60_000

/**
 * A deliberately tiny engine: number literals, string literals, and bare metric names evaluated
 * with a 5m lookback (`start_of(name)` gives the start timestamps, in ms, instead); `fail` throws. `tamper` lets a test corrupt results to prove the runner notices.
 */
class FakeEngine implements PromqlTestEngine {
  constructor(
    private readonly tamper: (v: Value, expr: string) => Value = (v) => v,
    private readonly annotations: { warnings?: string[]; infos?: string[] } = {},
  ) {}

  async instantQuery(storage: Queryable, expr: string, timeMs: number): Promise<QueryOutcome> {
    return this.outcome(this.tamper(await this.evaluate(storage, expr, timeMs), expr))
  }

  async rangeQuery(
    storage: Queryable,
    expr: string,
    startMs: number,
    endMs: number,
    stepMs: number,
  ): Promise<QueryOutcome> {
    const bySeries = new Map<string, Series>()
    for (let t = startMs; t <= endMs; t += stepMs) {
      const v = await this.evaluate(storage, expr, t)
      const samples: Sample[] =
        v.type === 'vector' ? v.samples : v.type === 'scalar' ? [{ metric: Labels.EMPTY, t, f: v.v }] : []
      for (const s of samples) {
        const key = s.metric.toString()
        let series = bySeries.get(key)
        if (series === undefined)
          bySeries.set(key, (series = { metric: s.metric, floats: [], histograms: [] }))
        if (s.h !== undefined) series.histograms.push({ t, h: s.h })
        else series.floats.push({ t, f: s.f })
      }
    }
    const series = [...bySeries.values()].sort((a, b) => Labels.compare(a.metric, b.metric))
    return this.outcome(this.tamper({ type: 'matrix', series }, expr))
  }

  private outcome(value: Value): QueryOutcome {
    return { value, warnings: this.annotations.warnings ?? [], infos: this.annotations.infos ?? [] }
  }

  private async evaluate(storage: Queryable, expr: string, t: number): Promise<Value> {
    if (expr === 'fail') throw new Error('boom: query failed')
    if (/^-?\d+(\.\d+)?$/.test(expr)) return { type: 'scalar', t, v: Number(expr) }
    if (expr.startsWith('"')) return { type: 'string', t, v: expr.slice(1, -1) }
    const startOf = /^start_of\((\w+)\)$/.exec(expr)?.[1]
    const q = await storage.querier(t - LOOKBACK_MS + 1, t)
    const set = q.select(true, undefined, new Matcher('=', '__name__', startOf ?? expr))
    const samples: Sample[] = []
    while (set.next()) {
      const it = set.at().iterator()
      let last: { f: number; h?: NativeHistogram } | undefined
      for (let kind = it.next(); kind !== ValueType.None; kind = it.next()) {
        if (startOf !== undefined) last = { f: it.atST?.() ?? -1 }
        else last = kind === ValueType.Histogram ? { f: 0, h: it.atHistogram() } : { f: it.atF() }
      }
      if (last !== undefined && !(last.h === undefined && isStaleNaN(last.f)))
        samples.push({ metric: set.at().labels, t, ...last })
    }
    q.close()
    return { type: 'vector', samples }
  }
}

const LOAD = `
load 1m
  m{a="1"} 0+10x5
  m{a="2"} 1 _ stale 4
  h {{schema:0 sum:1 count:2 buckets:[1 1]}}+{{schema:0 sum:1 count:1 buckets:[0 1]}}x3
`

async function run(body: string, engine: PromqlTestEngine = new FakeEngine()): Promise<ScriptResult> {
  return runScript(`${LOAD}\n${body}`, engine)
}

const statuses = (r: ScriptResult): string[] => r.evals.map((e) => e.status)

describe('runScript', () => {
  it('passes a script whose expectations the engine meets', async () => {
    const result = await run(
      [
        'eval instant at 3m m',
        '  m{a="1"} 30',
        '  m{a="2"} 4',
        '',
        'eval instant at 2m m',
        '  m{a="1"} 20.00000001',
        '',
        'eval range from 0 to 3m step 1m m',
        '  m{a="1"} 0 10 20 30',
        '  m{a="2"} 1 1 _ 4',
        '',
        'eval instant at 2m h',
        '  h {{schema:0 sum:3 count:4 buckets:[1 3]}}',
        '',
        'eval instant at 0 42',
        '  42',
        '',
        'eval instant at 0 "hi"',
        '  expect string "hi"',
        '',
        'eval instant at 0 fail',
        '  expect fail msg: boom: query failed',
        '',
        'eval instant at 1h nothing',
      ].join('\n'),
    )
    expect(result.loadError).toBeUndefined()
    expect(result.evals.filter((e) => e.status !== 'pass')).toEqual([])
    expect(result.evals).toHaveLength(8)
  })

  it.each<[string, string, RegExp]>([
    [
      'a wrong value',
      'eval instant at 3m m\n  m{a="1"} 31\n  m{a="2"} 4',
      /line \d+: m: .*expected 31, got 30/,
    ],
    [
      'a missing series',
      'eval instant at 3m m\n  m{a="1"} 30',
      /unexpected sample in result: \{__name__="m", a="2"\}/,
    ],
    [
      'an extra expectation',
      'eval instant at 3m m\n  m{a="1"} 30\n  m{a="2"} 4\n  m{a="3"} 1',
      /expected sample missing/,
    ],
    ['labels that differ', 'eval instant at 3m m\n  {a="1"} 30\n  {a="2"} 4', /unexpected sample/],
    [
      'a non-zero that should be zero',
      'eval instant at 0 m\n  m{a="1"} 0.0000000001\n  m{a="2"} 1',
      /expected 0.0000000001, got 0/,
    ],
    ['a wrong scalar', 'eval instant at 0 42\n  41', /expected scalar 41, got 42/],
    [
      'a scalar where a vector was expected',
      'eval instant at 0 42\n  {} 42',
      /expected vector or matrix result/,
    ],
    ['a wrong string', 'eval instant at 0 "hi"\n  expect string "ho"', /expected string "ho", got "hi"/],
    [
      'a float where a histogram was expected',
      'eval instant at 0 m\n  m{a="1"} {{count:1}}\n  m{a="2"} 1',
      /expected histogram/,
    ],
    [
      'a histogram bucket mismatch',
      'eval instant at 2m h\n  h {{schema:0 sum:3 count:4 buckets:[2 2]}}',
      /positive buckets/,
    ],
    [
      'a spelled-out hint mismatch',
      'eval instant at 2m h\n  h {{schema:0 sum:3 count:4 buckets:[1 3] counter_reset_hint:gauge}}',
      /counter reset hint/,
    ],
    [
      'a range value mismatch',
      'eval range from 0 to 3m step 1m m\n  m{a="1"} 0 10 20 31\n  m{a="2"} 1 1 _ 4',
      /at 180000: expected 31, got 30/,
    ],
    [
      'a range point count mismatch',
      'eval range from 0 to 3m step 1m m\n  m{a="1"} 0 10 20 30\n  m{a="2"} 1 1 1 4',
      /expected 4 float points, got 3/,
    ],
    [
      'more values than steps',
      'eval range from 0 to 1m step 1m m\n  m{a="1"} 0 10 20\n  m{a="2"} 1 1',
      /only 2 steps/,
    ],
    [
      'a query that should fail but succeeds',
      'eval instant at 0 m\n  expect fail',
      /expected the query to fail/,
    ],
    [
      'an error with the wrong message',
      'eval instant at 0 fail\n  expect fail msg: other',
      /does not match expect fail/,
    ],
    [
      'an error with a non-matching regex',
      'eval instant at 0 fail\n  expect fail regex: ^query',
      /does not match expect fail/,
    ],
    ['an unexpected error', 'eval instant at 0 fail', /unexpected error: boom/],
    ['a missing warning', 'eval instant at 0 nothing\n  expect warn', /expected at least one warning/],
    ['a missing legacy info', 'eval_info instant at 0 nothing', /expected at least one info annotation/],
  ])('catches %s', async (_title, body, message) => {
    const result = await run(body)
    expect(statuses(result)).toEqual(['fail'])
    expect(result.evals[0]?.message).toMatch(message)
    expect(result.evals[0]?.message).toMatch(/^line \d+: /)
  })

  it('matches an expect fail regex anywhere in the message', async () => {
    expect(statuses(await run('eval instant at 0 fail\n  expect fail regex: query f[a-z]+'))).toEqual([
      'pass',
    ])
  })

  it('checks warnings both ways when expect warn lines exist', async () => {
    const engine = new FakeEngine(undefined, { warnings: ['PromQL warning: a', 'PromQL warning: b'] })
    const cases = [
      ['eval instant at 0 nothing', 'pass'],
      ['eval instant at 0 nothing\n  expect warn', 'pass'],
      [
        'eval instant at 0 nothing\n  expect warn msg: PromQL warning: a\n  expect warn regex: warning: b$',
        'pass',
      ],
      ['eval instant at 0 nothing\n  expect warn msg: PromQL warning: a', 'fail'],
      ['eval instant at 0 nothing\n  expect no_warn', 'fail'],
      ['eval instant at 0 nothing\n  expect no_info', 'pass'],
    ] as const
    for (const [body, want] of cases) expect(statuses(await run(body, engine)), body).toEqual([want])
  })

  it('checks order only when asked', async () => {
    const reversed = new FakeEngine((v) =>
      v.type === 'vector' ? { ...v, samples: [...v.samples].reverse() } : v,
    )
    const body = 'eval instant at 3m m\n  expect ordered\n  m{a="1"} 30\n  m{a="2"} 4'
    expect(statuses(await run(body))).toEqual(['pass'])
    expect(statuses(await run(body, reversed))).toEqual(['fail'])
    expect(statuses(await run(body.replace('  expect ordered\n', ''), reversed))).toEqual(['pass'])
  })

  it('requires range results sorted by labels', async () => {
    const unsorted = new FakeEngine((v) =>
      v.type === 'matrix' ? { ...v, series: [...v.series].reverse() } : v,
    )
    const result = await run(
      'eval range from 0 to 3m step 1m m\n  m{a="1"} 0 10 20 30\n  m{a="2"} 1 1 _ 4',
      unsorted,
    )
    expect(result.evals[0]?.message).toMatch(/not sorted/)
  })

  it('cross-checks instant evals through a range query', async () => {
    // Right answers for instant queries, wrong ones for range queries: only the cross-check sees it.
    const rangeOnlyBug = new FakeEngine((v) =>
      v.type === 'matrix'
        ? {
            ...v,
            series: v.series.map((s) => ({ ...s, floats: s.floats.map((p) => ({ ...p, f: p.f + 1 })) })),
          }
        : v,
    )
    const result = await run('eval instant at 3m m\n  m{a="1"} 30\n  m{a="2"} 4', rangeOnlyBug)
    expect(result.evals[0]?.message).toMatch(/range-mode cross-check/)
    const off = await runScript(`${LOAD}\neval instant at 3m m\n  m{a="1"} 30\n  m{a="2"} 4`, rangeOnlyBug, {
      rangeCrossCheck: false,
    })
    expect(statuses(off)).toEqual(['pass'])
  })

  it('ignores annotations in the range-mode cross-check, as upstream does', async () => {
    // Range queries may add annotations of their own (sort's "ineffective for range queries").
    class RangeWarningEngine extends FakeEngine {
      override async rangeQuery(
        storage: Queryable,
        expr: string,
        startMs: number,
        endMs: number,
        stepMs: number,
      ): Promise<QueryOutcome> {
        const out = await super.rangeQuery(storage, expr, startMs, endMs, stepMs)
        return { ...out, warnings: ['PromQL warning: only in range mode'] }
      }
    }
    const result = await run(
      'eval instant at 3m m\n  expect no_warn\n  m{a="1"} 30\n  m{a="2"} 4',
      new RangeWarningEngine(),
    )
    expect(statuses(result)).toEqual(['pass'])
  })

  it('stops at a failing load and reports later evals as skipped', async () => {
    const result = await runScript(
      'load 1m\n  m 1 2 3\n\nload 1m\n  m 9\n\neval instant at 0 m\n  m 1',
      new FakeEngine(),
    )
    expect(result.loadError).toMatch(/load at line 4 failed: .*out of order/)
    expect(statuses(result)).toEqual(['skipped'])
  })

  it('starts from empty storage after clear', async () => {
    const result = await run('clear\n\neval instant at 3m m')
    expect(statuses(result)).toEqual(['pass'])
  })

  it('stores each sample at its time plus the @st offset as its start timestamp', async () => {
    const script = [
      'load 1m',
      '  c{a="1"}@st _ -30s-1mx1 0 _',
      '  c{a="1"} 1 2 3 4 5',
      '  c{a="2"} 1 2 3 4 5',
      '  h@st 5s',
      '  h {{schema:0 sum:1 count:1}}',
      '',
      'eval range from 0 to 4m step 1m start_of(c)',
      '  c{a="1"} 0 30000 30000 180000 0',
      '  c{a="2"} 0 0 0 0 0',
      '',
      'eval instant at 0 start_of(h)',
      '  h 5000',
    ].join('\n')
    const result = await runScript(script, new FakeEngine())
    expect(result.loadError).toBeUndefined()
    expect(result.evals.map((e) => e.message ?? e.status)).toEqual(['pass', 'pass'])
  })

  it('synthesises custom-bucket histograms for load_with_nhcb', async () => {
    const script = [
      'load_with_nhcb 1m',
      '  th_bucket{le="1"} 1 2',
      '  th_bucket{le="+Inf"} 3 5',
      '  th_sum 10 20',
      '  th_count 3 5',
      '',
      'eval instant at 1m th',
      '  th {{schema:-53 sum:20 count:5 custom_values:[1] buckets:[2 3]}}',
      '',
      'eval instant at 1m th_bucket',
      '  th_bucket{le="1"} 2',
      '  th_bucket{le="+Inf"} 5',
    ].join('\n')
    const result = await runScript(script, new FakeEngine())
    expect(result.evals.map((e) => e.message ?? e.status)).toEqual(['pass', 'pass'])
  })
})
