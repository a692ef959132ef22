import { describe, expect, it } from 'vitest'
import { makeAlert } from '../alert.js'
import { formatGoTime, templateData } from './template-data.js'

describe('formatGoTime', () => {
  it.each([
    [0, '0001-01-01T00:00:00Z'],
    [Date.UTC(2024, 0, 1), '2024-01-01T00:00:00Z'],
    [Date.UTC(2024, 0, 1, 0, 0, 10), '2024-01-01T00:00:10Z'],
    [Date.UTC(2024, 0, 1, 0, 0, 10, 500), '2024-01-01T00:00:10.5Z'],
    [Date.UTC(2024, 0, 1, 0, 0, 10, 120), '2024-01-01T00:00:10.12Z'],
    [Date.UTC(2024, 0, 1, 0, 0, 0, 7), '2024-01-01T00:00:00.007Z'],
    [Date.UTC(1969, 11, 31, 23, 59, 59), '1969-12-31T23:59:59Z'],
    [-500, '1969-12-31T23:59:59.5Z'],
    [Date.UTC(2024, 0, 1, 0, 0, 10, 100), '2024-01-01T00:00:10.1Z'],
    [Date.UTC(2024, 0, 1, 0, 0, 10, 100), '2024-01-01T00:00:10.1Z'],
    [Date.UTC(2024, 0, 1, 0, 0, 10, 101), '2024-01-01T00:00:10.101Z'],
  ])('formats %d as %s', (ms, text) => {
    expect(formatGoTime(ms)).toBe(text)
  })
})

describe('templateData', () => {
  it('lists label sets in name order whatever order they arrived in', () => {
    const alert = (labels: Record<string, string>): ReturnType<typeof makeAlert> =>
      makeAlert({
        labels,
        annotations: { z: '1', a: '2' },
        startsAtMs: 1000,
        endsAtMs: 0,
        generatorURL: '',
        updatedAtMs: 1000,
        timeout: false,
      })
    const data = templateData(
      'r',
      { job: 'j', alertname: 'A' },
      [alert({ job: 'j', alertname: 'A', b: '1' }), alert({ alertname: 'A', b: '2', job: 'j' })],
      '',
      2000,
    )
    expect(data.alerts.map((a) => Object.keys(a.labels))).toEqual([
      ['alertname', 'b', 'job'],
      ['alertname', 'b', 'job'],
    ])
    expect(Object.keys(data.alerts[0]?.annotations ?? {})).toEqual(['a', 'z'])
    expect(Object.keys(data.groupLabels)).toEqual(['alertname', 'job'])
    expect(data.commonLabels).toEqual({ alertname: 'A', job: 'j' })
    expect(Object.keys(data.commonLabels)).toEqual(['alertname', 'job'])
  })
})
