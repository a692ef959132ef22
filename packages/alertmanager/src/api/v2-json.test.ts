import { describe, expect, it } from 'vitest'
import { fingerprint } from '../labels/fingerprint.js'
import { parsePostableAlerts } from './v2-json.js'

const NOW = Date.parse('2026-01-01T00:00:00Z')

describe('parsePostableAlerts', () => {
  it('parses each alert of a batch that shares its startsAt, and the same text again later', () => {
    const startsAt = '2025-12-31T23:00:00.000Z'
    const body = [
      { labels: { alertname: 'A', instance: 'x' }, startsAt },
      { labels: { alertname: 'A', instance: 'y' }, startsAt, endsAt: '2026-01-01T01:00:00Z' },
    ]
    const { alerts, errors } = parsePostableAlerts(body, NOW, 300_000)
    expect(errors).toEqual([])
    expect(alerts.map((a) => [a.startsAtMs, a.endsAtMs, a.timeout])).toEqual([
      [Date.parse(startsAt), NOW + 300_000, true],
      [Date.parse(startsAt), Date.parse('2026-01-01T01:00:00Z'), false],
    ])
    expect(alerts[0]?.fingerprint).toBe(fingerprint({ alertname: 'A', instance: 'x' }))
    expect(parsePostableAlerts(body, NOW, 0).alerts[1]?.startsAtMs).toBe(Date.parse(startsAt))
  })

  it.each([
    [
      'a bad name after good ones',
      { alertname: 'A', 'bad-name': 'x' },
      'invalid label set: invalid name "bad-name"',
    ],
    ['no labels', {}, 'at least one label pair required'],
  ])('reports %s', (_, labels, message) => {
    parsePostableAlerts([{ labels: { alertname: 'ok' } }], NOW, 0)
    const { alerts, errors } = parsePostableAlerts([{ labels }, { labels: { alertname: 'A' } }], NOW, 0)
    expect(errors).toEqual([`${message}: ${JSON.stringify(labels)}`])
    expect(alerts).toHaveLength(1)
  })

  it('rejects a bad time even right after a good one', () => {
    parsePostableAlerts([{ labels: { a: '1' }, startsAt: '2025-12-31T23:00:00Z' }], NOW, 0)
    expect(() => parsePostableAlerts([{ labels: { a: '1' }, startsAt: 'yesterday' }], NOW, 0)).toThrow(
      'startsAt in body must be of type date-time: "yesterday"',
    )
  })
})
