import { describe, expect, it } from 'vitest'
import { makeAlert, type Alert } from '../alert.js'
import type { LabelSet } from '../labels/matcher.js'
import { Deadline } from './deadline.js'
import type { NotifyContext } from './integration.js'
import { templateData } from './template-data.js'
import { labelSetJson, webhookPayload } from './webhook-payload.js'

const NOW = Date.UTC(2024, 0, 1, 12)

function alert(labels: LabelSet, annotations: LabelSet = {}, endsAtMs = 0, generatorURL = ''): Alert {
  return makeAlert({
    labels,
    annotations,
    startsAtMs: NOW - 60_500,
    endsAtMs,
    generatorURL,
    updatedAtMs: NOW,
    timeout: false,
  })
}

function ctx(groupLabels: LabelSet, receiver = 'team-x'): NotifyContext {
  return {
    receiver,
    groupKey: `{}:${JSON.stringify(groupLabels)}`,
    groupLabels,
    nowMs: NOW,
    deadline: new Deadline(),
  }
}

/** The payload as the template data serialised by JSON.stringify: what the writer must reproduce. */
function reference(
  alerts: readonly Alert[],
  c: NotifyContext,
  maxAlerts: number,
  externalURL: string,
): string {
  const kept = maxAlerts > 0 && alerts.length > maxAlerts ? alerts.slice(0, maxAlerts) : alerts
  return JSON.stringify({
    ...templateData(c.receiver, c.groupLabels, kept, externalURL, c.nowMs),
    version: '4',
    groupKey: c.groupKey,
    truncatedAlerts: alerts.length - kept.length,
  })
}

const cases: [string, Alert[], NotifyContext, number][] = [
  [
    'one firing alert',
    [alert({ alertname: 'Up', job: 'node' }, { summary: 'down' })],
    ctx({ job: 'node' }),
    0,
  ],
  [
    'labels out of order, quotes, unicode and control characters',
    [
      alert(
        { zone: 'é"\\', alertname: 'A\u2028', b: '\n\t' },
        { z: '</script>', a: '\u0001' },
        0,
        'http://g?x="1"',
      ),
      alert({ alertname: 'A\u2028', zone: 'é"\\', b: 'other' }, { a: '\u0001' }),
    ],
    ctx({ zone: 'é"\\', alertname: 'A\u2028' }, 'a.b*c'),
    0,
  ],
  [
    'resolved and firing alerts, no common annotations',
    [
      alert({ alertname: 'X', i: '1' }, { s: '1' }, NOW - 1000),
      alert({ alertname: 'X', i: '2' }, { s: '2' }),
    ],
    ctx({ alertname: 'X' }),
    0,
  ],
  [
    'only resolved alerts',
    [alert({ alertname: 'X', i: '1' }, {}, NOW - 1500), alert({ alertname: 'X', i: '2' }, {}, NOW)],
    ctx({}),
    0,
  ],
  [
    'truncated to max_alerts',
    [1, 2, 3, 4].map((i) => alert({ alertname: 'T', i: String(i) }, { n: String(i % 2) })),
    ctx({ alertname: 'T' }),
    2,
  ],
  ['no alerts', [], ctx({ alertname: 'T' }), 0],
]

describe('webhookPayload', () => {
  it.each(cases)('writes %s exactly as the template data serialises', (_, alerts, c, maxAlerts) => {
    const text = webhookPayload(alerts, c, maxAlerts, 'http://am.example/#/')
    expect(text).toBe(reference(alerts, c, maxAlerts, 'http://am.example/#/'))
    expect(() => JSON.parse(text) as unknown).not.toThrow()
  })

  it('follows an alert whose labels changed between flushes', () => {
    const c = ctx({ alertname: 'A' })
    const before = alert({ alertname: 'A', severity: 'warning' })
    const after = alert({ alertname: 'A', severity: 'critical' })
    const first = JSON.parse(webhookPayload([before], c, 0, '')) as { alerts: { labels: LabelSet }[] }
    const second = JSON.parse(webhookPayload([after], c, 0, '')) as { alerts: { labels: LabelSet }[] }
    expect([first.alerts[0]?.labels.severity, second.alerts[0]?.labels.severity]).toEqual([
      'warning',
      'critical',
    ])
  })
})

describe('labelSetJson', () => {
  it.each([
    [{}, '{}'],
    [{ b: '2', a: '1' }, '{"a":"1","b":"2"}'],
    [{ a: '"x"' }, '{"a":"\\"x\\""}'],
  ])('writes %j as %s', (map, json) => {
    expect(labelSetJson(map)).toBe(json)
  })
})
