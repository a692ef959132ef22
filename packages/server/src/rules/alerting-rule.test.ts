import { Labels } from '@watchfire/model'
import type { Vector } from '@watchfire/promql'
import { describe, expect, it } from 'vitest'
import type { Alert } from './alert.js'
import { AlertingRule, type AlertingRuleOptions } from './alerting-rule.js'
import type { QueryFunc } from './query-func.js'
import type { RuleEvalContext } from './rule.js'

const MIN = 60_000

/** A query function whose result is `value` for each series listed as active at that minute. */
function scripted(active: (minute: number) => { a?: number }): QueryFunc {
  return (_expr, timeMs) =>
    Promise.resolve(
      Object.entries(active(timeMs / MIN)).flatMap(([instance, f]) =>
        f === undefined
          ? []
          : [
              {
                metric: Labels.fromRecord({ __name__: 'up', job: 'j', instance }),
                t: timeMs,
                f,
              },
            ],
      ),
    )
}

function ctx(query: QueryFunc, timeMs: number, extra: Partial<RuleEvalContext> = {}): RuleEvalContext {
  return {
    timeMs,
    queryOffsetMs: 0,
    query,
    limit: 0,
    externalLabels: { cluster: 'c1' },
    externalURL: 'http://prom.example:9090',
    onTemplateError: () => undefined,
    ...extra,
  }
}

function rule(options: Partial<AlertingRuleOptions> = {}): AlertingRule {
  return new AlertingRule({
    name: 'Down',
    expr: 'up == 0',
    forMs: 0,
    keepFiringForMs: 0,
    labels: {},
    annotations: {},
    restored: true,
    ...options,
  })
}

async function statesOver(r: AlertingRule, query: QueryFunc, minutes: number): Promise<string[]> {
  const out: string[] = []
  for (let m = 0; m <= minutes; m++) {
    await r.eval(ctx(query, m * MIN))
    out.push(
      r
        .activeAlerts()
        .map((a) => a.state)
        .join(',') || '-',
    )
  }
  return out
}

describe('AlertingRule', () => {
  it.each([
    // for, minutes the condition holds, expected state after each evaluation at minutes 0..6
    [0, [1, 2], ['-', 'firing', 'firing', '-', '-', '-', '-']],
    [2 * MIN, [1, 2, 3, 4], ['-', 'pending', 'pending', 'firing', 'firing', '-', '-']],
    [3 * MIN, [1, 2, 3], ['-', 'pending', 'pending', 'pending', '-', '-', '-']],
    [90_000, [1, 2, 3], ['-', 'pending', 'pending', 'firing', '-', '-', '-']],
  ])(
    'with for=%dms fires exactly when the duration has elapsed at an evaluation',
    async (forMs, on, want) => {
      const query = scripted((m) => (on.includes(m) ? { a: 0 } : {}))
      expect(await statesOver(rule({ forMs }), query, 6)).toEqual(want)
    },
  )

  it('keeps firing for keep_firing_for after the condition clears, then resolves', async () => {
    const r = rule({ keepFiringForMs: 2 * MIN })
    const query = scripted((m) => (m === 1 ? { a: 0 } : {}))
    expect(await statesOver(r, query, 5)).toEqual(['-', 'firing', 'firing', 'firing', '-', '-'])
    const resolved = r.allAlerts()[0] as Alert
    expect(resolved.state).toBe('inactive')
    expect(resolved.resolvedAtMs).toBe(4 * MIN)
  })

  it('restarts keep_firing_for when the condition comes back', async () => {
    const r = rule({ keepFiringForMs: 2 * MIN })
    const query = scripted((m) => ([1, 3].includes(m) ? { a: 0 } : {}))
    expect(await statesOver(r, query, 6)).toEqual([
      '-',
      'firing',
      'firing',
      'firing',
      'firing',
      'firing',
      '-',
    ])
  })

  it('a pending alert that clears is dropped; a firing one is kept as resolved for 15m', async () => {
    const r = rule({ forMs: 5 * MIN })
    await r.eval(
      ctx(
        scripted(() => ({ a: 0 })),
        0,
      ),
    )
    await r.eval(
      ctx(
        scripted(() => ({})),
        MIN,
      ),
    )
    expect(r.allAlerts()).toEqual([])
    const firing = rule()
    await firing.eval(
      ctx(
        scripted(() => ({ a: 0 })),
        0,
      ),
    )
    await firing.eval(
      ctx(
        scripted(() => ({})),
        MIN,
      ),
    )
    expect(firing.allAlerts().map((a) => a.state)).toEqual(['inactive'])
    await firing.eval(
      ctx(
        scripted(() => ({})),
        16 * MIN,
      ),
    )
    expect(firing.allAlerts()).toHaveLength(1)
    await firing.eval(
      ctx(
        scripted(() => ({})),
        17 * MIN,
      ),
    )
    expect(firing.allAlerts()).toEqual([])
  })

  it('writes ALERTS and ALERTS_FOR_STATE at the query time, only once restored', async () => {
    const r = rule({ forMs: MIN, labels: { severity: 'page' }, restored: false })
    const query = scripted(() => ({ a: 0 }))
    expect(await r.eval(ctx(query, 0))).toEqual([])
    r.restored = true
    const out = await r.eval(ctx(query, 2 * MIN, { queryOffsetMs: 30_000 }))
    expect(out.map((s) => [s.metric.toString(), s.t, s.f])).toEqual([
      [
        '{__name__="ALERTS", alertname="Down", alertstate="firing", instance="a", job="j", severity="page"}',
        90_000,
        1,
      ],
      ['{__name__="ALERTS_FOR_STATE", alertname="Down", instance="a", job="j", severity="page"}', 90_000, 0],
    ])
  })

  it('expands label and annotation templates with $labels, $value, $externalLabels and functions', async () => {
    const r = rule({
      labels: { who: '{{ $labels.instance }}' },
      annotations: {
        summary:
          '{{ $labels.job }}/{{ .Labels.instance }} is {{ $value | humanize }} in {{ $externalLabels.cluster }}',
        link: '{{ externalURL }}',
        q: '{{ with query "up" }}{{ . | first | value }}{{ end }}',
      },
    })
    await r.eval(
      ctx(
        scripted(() => ({ a: 1234567 })),
        0,
      ),
    )
    const [alert] = r.activeAlerts()
    expect(alert?.labels.toRecord()).toEqual({ alertname: 'Down', instance: 'a', job: 'j', who: 'a' })
    expect(alert?.annotations.toRecord()).toEqual({
      summary: 'j/a is 1.235M in c1',
      link: 'http://prom.example:9090',
      // Go prints a float64 this large in %e form.
      q: '1.234567e+06',
    })
  })

  it('renders a template error into the annotation and reports it, without failing the rule', async () => {
    const errors: Error[] = []
    const r = rule({ annotations: { bad: '{{ humanizeDuration "x" }}', good: 'ok' } })
    await r.eval(
      ctx(
        scripted(() => ({ a: 0 })),
        0,
        { onTemplateError: (e) => errors.push(e) },
      ),
    )
    const [alert] = r.activeAlerts()
    expect(alert?.annotations.get('bad')).toMatch(
      /^<error expanding template: error executing template __alert_Down: /,
    )
    expect(alert?.annotations.get('good')).toBe('ok')
    expect(errors).toHaveLength(1)
  })

  it('updates value and annotations of an alert that stays active, keeping its active time', async () => {
    const r = rule({ forMs: 10 * MIN, annotations: { v: '{{ $value }}' } })
    await r.eval(
      ctx(
        scripted(() => ({ a: 1 })),
        0,
      ),
    )
    await r.eval(
      ctx(
        scripted(() => ({ a: 2 })),
        MIN,
      ),
    )
    const [alert] = r.activeAlerts()
    expect([alert?.value, alert?.annotations.get('v'), alert?.activeAtMs]).toEqual([2, '2', 0])
  })

  it.each([
    ['labels that collide once the name is dropped', { labels: {} }, 'same labelset'],
    ['more alerts than the limit', { limit: 1 }, 'exceeded limit of 1 with 2 alerts'],
  ])('fails on %s', async (_, opts, message) => {
    const query: QueryFunc = (_e, t) =>
      Promise.resolve<Vector>(
        'limit' in opts
          ? [
              { metric: Labels.fromRecord({ i: 'a' }), t, f: 0 },
              { metric: Labels.fromRecord({ i: 'b' }), t, f: 0 },
            ]
          : [
              { metric: Labels.fromRecord({ __name__: 'x', i: 'a' }), t, f: 0 },
              { metric: Labels.fromRecord({ __name__: 'y', i: 'a' }), t, f: 0 },
            ],
      )
    await expect(rule().eval(ctx(query, 0, 'limit' in opts ? { limit: opts.limit } : {}))).rejects.toThrow(
      message,
    )
  })

  it('sends firing alerts, resends after the delay, and sends a resolved alert once', async () => {
    const sent: [number, string][] = []
    const r = rule()
    const notify = (_: string, alerts: readonly Alert[]): void => {
      for (const a of alerts) sent.push([(a.lastSentAtMs ?? NaN) / MIN, a.state])
    }
    const query = scripted((m) => (m < 3 ? { a: 0 } : {}))
    for (let m = 0; m <= 4; m++) {
      await r.eval(ctx(query, m * MIN))
      r.sendAlerts(m * MIN, 90_000, MIN, notify)
    }
    expect(sent).toEqual([
      [0, 'firing'],
      [2, 'firing'],
      [3, 'inactive'],
    ])
  })
})
