import { Labels } from '@watchfire/model'
import { describe, expect, it } from 'vitest'
import { encodeAlerts, type NotifierAlert } from './notifier-alert.js'

const ALERT: NotifierAlert = {
  labels: Labels.fromRecord({ alertname: 'Down', job: 'node' }),
  annotations: Labels.fromRecord({ summary: 'node is down' }),
  startsAtMs: Date.UTC(2024, 0, 2, 3, 4, 5, 678),
  endsAtMs: Date.UTC(2024, 0, 2, 3, 8, 5, 678),
  generatorURL: 'http://prom:9090/graph?g0.expr=up+%3D%3D+0&g0.tab=1',
}

describe('encodeAlerts', () => {
  it.each(['v1', 'v2'] as const)('writes the %s payload', (version) => {
    expect(JSON.parse(encodeAlerts([ALERT], version))).toEqual([
      {
        labels: { alertname: 'Down', job: 'node' },
        annotations: { summary: 'node is down' },
        startsAt: '2024-01-02T03:04:05.678Z',
        endsAt: '2024-01-02T03:08:05.678Z',
        generatorURL: 'http://prom:9090/graph?g0.expr=up+%3D%3D+0&g0.tab=1',
      },
    ])
  })

  it.each([
    ['v1', '0001-01-01T00:00:00Z'],
    ['v2', '0001-01-01T00:00:00.000Z'],
  ] as const)(
    'writes unknown times as Go’s zero time (%s) and leaves out an empty generatorURL',
    (version, zero) => {
      const alert = { ...ALERT, startsAtMs: undefined, endsAtMs: undefined, generatorURL: '' }
      expect(JSON.parse(encodeAlerts([alert], version))).toEqual([
        {
          labels: { alertname: 'Down', job: 'node' },
          annotations: { summary: 'node is down' },
          startsAt: zero,
          endsAt: zero,
        },
      ])
    },
  )
})
