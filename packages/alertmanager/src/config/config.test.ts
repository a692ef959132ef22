import { describe, expect, it } from 'vitest'
import { ConfigError } from '../errors.js'
import { parseConfig } from './config.js'

const R = 'receivers:\n  - name: r\n'

describe('parseConfig', () => {
  it('applies the original defaults', () => {
    const c = parseConfig(`route:\n  receiver: r\n${R}`)
    expect(c.global.resolveTimeoutMs).toBe(300_000)
    expect(c.global.hello).toBe('localhost')
    expect(c.global.requireTls).toBe(true)
  })

  it.each([
    [`route:\n  receiver: r\n  recever: r\n${R}`, 'field recever not found', 'route.recever (line 3)'],
    [`route:\n  receiver: nope\n${R}`, 'undefined receiver "nope" used in route', 'route'],
    [`route:\n  receiver: r\n  group_by: [a, a]\n${R}`, 'duplicated label "a" in group_by', 'route.group_by'],
    [
      `route:\n  receiver: r\n  group_wait: 5 minutes\n${R}`,
      'not a valid duration string',
      'route.group_wait',
    ],
    [
      `route:\n  receiver: r\n  routes:\n    - matchers: ['a b']\n${R}`,
      'bad matcher format: a b',
      'route.routes[0].matchers[0]',
    ],
    [
      `route:\n  receiver: r\nreceivers:\n  - name: r\n    webhook_configs: [{}]\n`,
      'missing URL in webhook config',
      'receivers[0].webhook_configs[0]',
    ],
    [
      `route:\n  receiver: r\n${R}time_intervals:\n  - name: x\n    time_intervals: [{weekdays: [funday]}]\n`,
      'funday is not a valid weekday',
      'weekdays[0]',
    ],
  ])('rejects %j naming the field', (text, message, field) => {
    let error: unknown
    try {
      parseConfig(text)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as Error).message).toContain(message)
    expect((error as Error).message).toContain(field)
  })
})
