import { describe, expect, it } from 'vitest'
import { alertmanagersApi } from './alertmanagers-api.js'

describe('alertmanagersApi', () => {
  it.each([
    [[], [], { activeAlertmanagers: [], droppedAlertmanagers: [] }],
    [
      ['http://a:9093/api/v2/alerts', 'http://b:9093/am/api/v2/alerts'],
      ['http://c:9093/api/v2/alerts'],
      {
        activeAlertmanagers: [
          { url: 'http://a:9093/api/v2/alerts' },
          { url: 'http://b:9093/am/api/v2/alerts' },
        ],
        droppedAlertmanagers: [{ url: 'http://c:9093/api/v2/alerts' }],
      },
    ],
  ])('active %j, dropped %j', (active, dropped, want) => {
    const result = alertmanagersApi({ alertmanagers: () => active, droppedAlertmanagers: () => dropped })
    expect(JSON.parse(result.data)).toEqual(want)
  })
})
