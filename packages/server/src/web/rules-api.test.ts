import { Registry } from '@watchfire/client'
import { Engine } from '@watchfire/promql'
import { MemoryStorage } from '@watchfire/storage'
import { describe, expect, it } from 'vitest'
import { AlertingRule } from '../rules/alerting-rule.js'
import { FakeClock } from '../rules/fake-clock.test-fixtures.js'
import { RuleGroup, type GroupContext } from '../rules/group.js'
import { engineQueryFunc } from '../rules/query-func.js'
import { RecordingRule } from '../rules/recording-rule.js'
import { RuleMetrics } from '../rules/rule-metrics.js'
import { ApiError } from './api-error.js'
import { ApiForm } from './request-body.js'
import {
  alertsApi,
  goExponentFloat,
  goJsonString,
  goTimeJson,
  rulesApi,
  type RulesRetriever,
} from './rules-api.js'

const T0 = Date.UTC(2024, 0, 2, 3, 4, 5, 120)

/** Two groups in two files, evaluated twice at fixed times so the alert is firing. */
async function fixedState(): Promise<RulesRetriever> {
  const storage = new MemoryStorage()
  const ctx: GroupContext = {
    appendable: storage,
    query: engineQueryFunc(new Engine(), storage),
    notify: () => undefined,
    clock: new FakeClock(T0),
    metrics: new RuleMetrics(new Registry()),
    externalLabels: {},
    externalURL: '',
    resendDelayMs: 60_000,
    log: () => undefined,
  }
  const alert = new AlertingRule({
    name: 'Up',
    expr: 'vector(2.5)>0',
    forMs: 1000,
    keepFiringForMs: 0,
    labels: { severity: 'page' },
    annotations: { summary: 'value {{ $value }}' },
    restored: true,
  })
  const record = new RecordingRule('job:one', 'vector(1)', {})
  const labelled = new RecordingRule('job:two', 'vector(2)', { b: '2', a: '1' })
  const second = new RuleGroup(
    { name: 'b', file: '/r/2.yml', intervalMs: 1000, queryOffsetMs: 0, limit: 0, rules: [labelled] },
    ctx,
  )
  const first = new RuleGroup(
    { name: 'a', file: '/r/1.yml', intervalMs: 1000, queryOffsetMs: 0, limit: 5, rules: [record, alert] },
    ctx,
  )
  await first.eval(T0)
  await first.eval(T0 + 1000)
  for (const rule of [record, alert]) rule.evaluationDurationMs = 2
  first.lastEvaluationMs = T0 + 1000
  first.lastDurationMs = 5
  return { groups: () => [second, first] }
}

const ALERT =
  '{"labels":{"alertname":"Up","severity":"page"},"annotations":{"summary":"value 2.5"},' +
  '"state":"firing","activeAt":"2024-01-02T03:04:05.12Z","value":"2.5e+00"}'

describe('rulesApi', () => {
  it('writes the groups as Prometheus does, sorted by file and name', async () => {
    const source = await fixedState()
    const data = rulesApi(source, ApiForm.of({})).data
    expect(data).toBe(
      '{"groups":[' +
        '{"name":"a","file":"/r/1.yml","rules":[' +
        '{"name":"job:one","query":"vector(1)","health":"ok","evaluationTime":0.002,' +
        '"lastEvaluation":"2024-01-02T03:04:06.12Z","type":"recording"},' +
        '{"state":"firing","name":"Up","query":"vector(2.5) \\u003e 0","duration":1,"keepFiringFor":0,' +
        '"labels":{"severity":"page"},"annotations":{"summary":"value {{ $value }}"},' +
        `"alerts":[${ALERT}],"health":"ok","evaluationTime":0.002,` +
        '"lastEvaluation":"2024-01-02T03:04:06.12Z","type":"alerting"}],' +
        '"interval":1,"limit":5,"evaluationTime":0.005,"lastEvaluation":"2024-01-02T03:04:06.12Z"},' +
        '{"name":"b","file":"/r/2.yml","rules":[' +
        '{"name":"job:two","query":"vector(2)","labels":{"a":"1","b":"2"},"health":"unknown",' +
        '"evaluationTime":0,"lastEvaluation":"0001-01-01T00:00:00Z","type":"recording"}],' +
        '"interval":1,"limit":0,"evaluationTime":0,"lastEvaluation":"0001-01-01T00:00:00Z"}]}',
    )
  })

  it.each([
    [{ type: 'alert' }, [['a', ['Up']]]],
    [
      { type: 'RECORD' },
      [
        ['a', ['job:one']],
        ['b', ['job:two']],
      ],
    ],
    [
      { 'rule_name[]': ['job:two', 'Up'] },
      [
        ['a', ['Up']],
        ['b', ['job:two']],
      ],
    ],
    [{ 'rule_group[]': 'b' }, [['b', ['job:two']]]],
    [{ 'file[]': '/r/1.yml' }, [['a', ['job:one', 'Up']]]],
    [{ type: 'alert', 'file[]': '/r/2.yml' }, []],
  ])('filters with %j', async (params, want) => {
    const data = JSON.parse(rulesApi(await fixedState(), ApiForm.of(params)).data) as {
      groups: { name: string; rules: { name: string }[] }[]
    }
    expect(data.groups.map((g) => [g.name, g.rules.map((r) => r.name)])).toEqual(want)
  })

  it('refuses an unknown type as bad data', async () => {
    const call = async (): Promise<unknown> => rulesApi(await fixedState(), ApiForm.of({ type: 'x' }))
    await expect(call()).rejects.toThrow(ApiError)
    await expect(call()).rejects.toThrow('invalid parameter "type": not supported value "x"')
  })
})

describe('alertsApi', () => {
  it('lists the active alerts of every alerting rule', async () => {
    expect(alertsApi(await fixedState()).data).toBe(`{"alerts":[${ALERT}]}`)
  })

  it('writes an empty list when nothing is loaded', () => {
    expect(alertsApi({ groups: () => [] }).data).toBe('{"alerts":[]}')
  })
})

describe('Go formats', () => {
  it.each([
    [1, '1e+00'],
    [0, '0e+00'],
    [0.25, '2.5e-01'],
    [123.456, '1.23456e+02'],
    [-1e-300, '-1e-300'],
    [NaN, 'NaN'],
    [-Infinity, '-Inf'],
  ])("FormatFloat(%d, 'e', -1) is %s", (v, want) => expect(goExponentFloat(v)).toBe(want))

  it.each([
    ['a>b', '"a\\u003eb"'],
    ['<&>', '"\\u003c\\u0026\\u003e"'],
    ['line\u2028sep', '"line\\u2028sep"'],
    ['plain "q"', '"plain \\"q\\""'],
  ])('string %j marshals as %s', (s, want) => expect(goJsonString(s)).toBe(want))

  it.each([
    [0, '"0001-01-01T00:00:00Z"'],
    [Date.UTC(2024, 0, 1), '"2024-01-01T00:00:00Z"'],
    [Date.UTC(2024, 0, 1, 0, 0, 0, 100), '"2024-01-01T00:00:00.1Z"'],
    [Date.UTC(2024, 0, 1, 0, 0, 0, 7), '"2024-01-01T00:00:00.007Z"'],
  ])('time %d marshals as %s', (ms, want) => expect(goTimeJson(ms)).toBe(want))
})
