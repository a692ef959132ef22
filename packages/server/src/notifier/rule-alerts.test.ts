import { Registry } from '@watchfire/client'
import { Labels } from '@watchfire/model'
import { Engine } from '@watchfire/promql'
import { MemoryStorage } from '@watchfire/storage'
import { describe, expect, it } from 'vitest'
import type { Alert } from '../rules/alert.js'
import { AlertingRule } from '../rules/alerting-rule.js'
import { FakeClock } from '../rules/fake-clock.test-fixtures.js'
import { RuleGroup } from '../rules/group.js'
import { engineQueryFunc } from '../rules/query-func.js'
import { RuleMetrics } from '../rules/rule-metrics.js'
import type { NotifierAlert } from './notifier-alert.js'
import { sendAlertsTo } from './rule-alerts.js'

const S = 1_000
const MIN = 60 * S

function alert(over: Partial<Alert>): Alert {
  return {
    state: 'firing',
    labels: Labels.fromRecord({ alertname: 'A' }),
    annotations: Labels.fromRecord({ summary: 's' }),
    value: 1,
    activeAtMs: 1 * S,
    firedAtMs: 2 * S,
    resolvedAtMs: undefined,
    lastSentAtMs: 3 * S,
    validUntilMs: 240 * S,
    keepFiringSinceMs: undefined,
    ...over,
  }
}

describe('sendAlertsTo', () => {
  it.each([
    ['a firing alert ends when its validity runs out', alert({}), 2 * S, 240 * S],
    [
      'a resolved alert ends when it resolved',
      alert({ state: 'inactive', resolvedAtMs: 9 * S }),
      2 * S,
      9 * S,
    ],
    ['an alert never fired has no start', alert({ firedAtMs: undefined }), undefined, 240 * S],
  ])('%s', (_, input, startsAtMs, endsAtMs) => {
    const sent: NotifierAlert[] = []
    sendAlertsTo({ send: (a) => void sent.push(...a) }, 'http://prom.example:9090/prom')('rate(x[5m]) > 1', [
      input,
    ])
    expect(sent).toEqual([
      {
        labels: input.labels,
        annotations: input.annotations,
        startsAtMs,
        endsAtMs,
        generatorURL: 'http://prom.example:9090/prom/graph?g0.expr=rate%28x%5B5m%5D%29+%3E+1&g0.tab=1',
      },
    ])
  })

  it('sends nothing for an empty list', () => {
    const sent: unknown[] = []
    sendAlertsTo({ send: (a) => void sent.push(a) }, '')('x', [])
    expect(sent).toEqual([])
  })
})

describe('alert (re)sending through a rule group on a fake clock', () => {
  it('sends when firing, resends after the resend delay, sends the resolution and repeats it for 15 minutes', async () => {
    const intervalMs = 15 * S
    const resendDelayMs = MIN
    const storage = new MemoryStorage()
    const clock = new FakeClock(0)
    // flag is 1 until 200 s, then 0.
    const app = storage.appender()
    for (let t = 0; t <= 30 * MIN; t += S)
      app.append(0, Labels.fromRecord({ __name__: 'flag' }), t, t < 200 * S ? 1 : 0)
    await app.commit()
    const sent: { atMs: number; alert: NotifierAlert }[] = []
    const notify = sendAlertsTo(
      { send: (alerts) => alerts.forEach((a) => sent.push({ atMs: clock.now(), alert: a })) },
      'http://prom:9090',
    )
    const group = new RuleGroup(
      {
        name: 'g',
        file: 'f.yml',
        intervalMs,
        queryOffsetMs: 0,
        limit: 0,
        rules: [
          new AlertingRule({
            name: 'Flag',
            expr: 'flag > 0',
            forMs: 30 * S,
            keepFiringForMs: 0,
            labels: {},
            annotations: {},
            restored: true,
          }),
        ],
      },
      {
        appendable: storage,
        query: engineQueryFunc(new Engine(), storage),
        notify,
        clock,
        metrics: new RuleMetrics(new Registry()),
        externalLabels: {},
        externalURL: 'http://prom:9090',
        resendDelayMs,
        log: () => undefined,
      },
    )
    const controller = new AbortController()
    const done = group.run(controller.signal)
    await clock.advanceTo(25 * MIN)
    controller.abort()
    await done

    // Evaluations happen at first, first + 15 s, …; the alert is pending from the first one.
    const first = group.evalTimestamp(0) + intervalMs
    const evalAtOrAfter = (t: number): number => first + Math.ceil((t - first) / intervalMs) * intervalMs
    const firedAt = first + 30 * S
    const resolvedAt = evalAtOrAfter(200 * S)
    const expected: [number, number][] = []
    // A resend is due once the last send is more than the resend delay ago: every 75 s at a 15 s interval.
    for (let t = firedAt; t < resolvedAt; t += 75 * S) expected.push([t, t + 4 * resendDelayMs])
    for (let t = resolvedAt; t - resolvedAt <= 15 * MIN; t += 75 * S) expected.push([t, resolvedAt])

    expect(sent.map((s) => [s.atMs, s.alert.endsAtMs])).toEqual(expected)
    for (const { alert: a } of sent) {
      expect(a.startsAtMs).toBe(firedAt)
      expect(a.labels.toRecord()).toEqual({ alertname: 'Flag' })
      expect(a.generatorURL).toBe('http://prom:9090/graph?g0.expr=flag+%3E+0&g0.tab=1')
    }
  })
})
