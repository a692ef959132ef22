import { Labels } from '@watchfire/model'
import { Engine } from '@watchfire/promql'
import { isStaleNaN, MemoryStorage } from '@watchfire/storage'
import { describe, expect, it } from 'vitest'
import type { Alert } from './alert.js'
import { AlertingRule } from './alerting-rule.js'
import { FakeClock } from './fake-clock.test-fixtures.js'
import { groupKey, RuleGroup, type GroupContext } from './group.js'
import { engineQueryFunc } from './query-func.js'
import { RecordingRule } from './recording-rule.js'
import type { Rule } from './rule.js'
import { RuleMetrics } from './rule-metrics.js'
import { Registry } from '@watchfire/client'

const MIN = 60_000

function setup(rules: Rule[], options: { limit?: number; queryOffsetMs?: number } = {}) {
  const storage = new MemoryStorage()
  const engine = new Engine()
  const registry = new Registry()
  const notified: Alert[] = []
  const ctx: GroupContext = {
    appendable: storage,
    query: engineQueryFunc(engine, storage),
    notify: (_, alerts) => notified.push(...alerts),
    clock: new FakeClock(0),
    metrics: new RuleMetrics(registry),
    externalLabels: {},
    externalURL: '',
    resendDelayMs: MIN,
    log: () => undefined,
  }
  const group = new RuleGroup(
    {
      name: 'g',
      file: 'f.yml',
      intervalMs: MIN,
      queryOffsetMs: options.queryOffsetMs ?? 0,
      limit: options.limit ?? 0,
      rules,
    },
    ctx,
  )
  const write = async (record: Record<string, string>, t: number, v: number): Promise<void> => {
    const app = storage.appender()
    app.append(0, Labels.fromRecord(record), t, v)
    await app.commit()
  }
  const read = async (expr: string, t: number): Promise<string[]> =>
    (await ctx.query(expr, t)).map((s) => `${s.metric.toString()} ${s.f}`)
  const raw = async (name: string): Promise<[number, number][]> => {
    const q = await storage.querier(-Infinity, Infinity)
    const out: [number, number][] = []
    const set = q.select(
      false,
      undefined,
      ...[new (await import('@watchfire/model')).Matcher('=', '__name__', name)],
    )
    while (set.next()) {
      const it = set.at().iterator()
      while (it.next() !== 0) out.push([it.atT(), isStaleNaN(it.atF()) ? -1 : it.atF()])
    }
    q.close()
    return out
  }
  return { storage, group, write, read, raw, registry, notified }
}

describe('RuleGroup', () => {
  it('records through the Appendable, rules in order, so later rules see earlier results', async () => {
    const { group, write, read } = setup([
      new RecordingRule('job:x:sum', 'sum by (job) (x)', { src: 'rule' }),
      new RecordingRule('job:x:double', 'job:x:sum * 2', {}),
    ])
    await write({ __name__: 'x', job: 'a', i: '1' }, 0, 1)
    await write({ __name__: 'x', job: 'a', i: '2' }, 0, 2)
    await group.eval(MIN)
    expect(await read('job:x:sum', MIN)).toEqual(['{__name__="job:x:sum", job="a", src="rule"} 3'])
    expect(await read('job:x:double', MIN)).toEqual(['{__name__="job:x:double", job="a", src="rule"} 6'])
  })

  it('marks series stale when a rule stops producing them', async () => {
    const { group, write, raw } = setup([new RecordingRule('r', 'x', {})])
    await write({ __name__: 'x', i: '1' }, 0, 5)
    await group.eval(MIN)
    await write({ __name__: 'x', i: '1' }, MIN, 5)
    await group.eval(2 * MIN)
    await group.eval(10 * MIN)
    expect(await raw('r')).toEqual([
      [MIN, 5],
      [2 * MIN, 5],
      [10 * MIN, -1],
    ])
  })

  it('writes ALERTS series at the query offset and counts failures in Prometheus-named metrics', async () => {
    const { group, write, read, registry, notified } = setup(
      [
        new AlertingRule({
          name: 'A',
          expr: 'x > 0',
          forMs: MIN,
          keepFiringForMs: 0,
          labels: {},
          annotations: {},
          restored: true,
        }),
        new RecordingRule('bad', 'x{i=~".+"} + on() group_left x', {}),
      ],
      { queryOffsetMs: 0 },
    )
    await write({ __name__: 'x', i: '1' }, 0, 1)
    await write({ __name__: 'x', i: '2' }, 0, 1)
    await group.eval(MIN)
    await group.eval(2 * MIN)
    expect(await read('ALERTS', 2 * MIN)).toEqual([
      '{__name__="ALERTS", alertname="A", alertstate="firing", i="1"} 1',
      '{__name__="ALERTS", alertname="A", alertstate="firing", i="2"} 1',
    ])
    expect(await read('ALERTS_FOR_STATE', 2 * MIN)).toEqual([
      '{__name__="ALERTS_FOR_STATE", alertname="A", i="1"} 60',
      '{__name__="ALERTS_FOR_STATE", alertname="A", i="2"} 60',
    ])
    expect(notified.map((a) => a.state)).toEqual(['firing', 'firing'])
    const bad = group.rules[1] as Rule
    expect(bad.health).toBe('err')
    const text = await registry.metrics()
    const key = groupKey('f.yml', 'g')
    expect(text).toContain(`prometheus_rule_evaluations_total{rule_group="${key}"} 4`)
    expect(text).toContain(`prometheus_rule_evaluation_failures_total{rule_group="${key}"} 2`)
    expect(text).toContain(`prometheus_rule_group_rules{rule_group="${key}"} 2`)
    expect(text).toContain(`prometheus_rule_group_interval_seconds{rule_group="${key}"} 60`)
    expect(text).toContain(`prometheus_rule_group_last_evaluation_samples{rule_group="${key}"} 4`)
  })

  it('fails a recording rule over its limit or with clashing outputs, and keeps going', async () => {
    const { group, write, read } = setup(
      [
        new RecordingRule('many', 'x', {}),
        new RecordingRule('clash', 'x', { i: 'z' }),
        new RecordingRule('ok', 'vector(1)', {}),
      ],
      { limit: 1 },
    )
    await write({ __name__: 'x', i: '1' }, 0, 1)
    await write({ __name__: 'x', i: '2' }, 0, 1)
    await group.eval(MIN)
    expect(group.rules.map((r) => r.lastError?.message)).toEqual([
      'exceeded limit of 1 with 2 series',
      'vector contains metrics with the same labelset after applying rule labels',
      undefined,
    ])
    expect(await read('ok', MIN)).toEqual(['{__name__="ok"} 1'])
  })

  it('counts template failures without failing the rule', async () => {
    const { group, write, registry } = setup([
      new AlertingRule({
        name: 'T',
        expr: 'x',
        forMs: 0,
        keepFiringForMs: 0,
        labels: {},
        annotations: { a: '{{ humanizeDuration "x" }}' },
        restored: true,
      }),
    ])
    await write({ __name__: 'x' }, 0, 1)
    await group.eval(MIN)
    expect(group.rules[0]?.health).toBe('ok')
    expect(await registry.metrics()).toContain(
      `watchfire_rule_template_errors_total{rule_group="${groupKey('f.yml', 'g')}"} 1`,
    )
  })

  it.each([0, 1, 59_999, 60_000, 125_000, 1_700_000_000_123])(
    'aligns evaluations to slots offset by a hash of the group (now=%d)',
    (now) => {
      const { group } = setup([])
      const offset = Labels.fromRecord({ name: 'g', file: 'f.yml' }).hash() % MIN
      const slot = group.evalTimestamp(now)
      expect(slot).toBeLessThanOrEqual(now)
      expect(now - slot).toBeLessThan(MIN)
      expect((((slot - offset) % MIN) + MIN) % MIN).toBe(0)
    },
  )
})
