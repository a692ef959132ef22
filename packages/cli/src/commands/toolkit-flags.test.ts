import { describe, expect, it } from 'vitest'
import { logLevelFlag } from './toolkit-flags.js'

describe('logLevelFlag', () => {
  it.each([
    [undefined, 'info'],
    ['debug', 'debug'],
    ['warn', 'warn'],
    ['error', 'error'],
  ])('reads %s as %s', (value, level) => expect(logLevelFlag(value)).toBe(level))

  it.each(['verbose', 'INFO', '', 'toString'])('refuses %j', (value) => {
    expect(() => logLevelFlag(value)).toThrow(
      expect.objectContaining({ code: 'ERR_FLAG', message: `unknown log level ${JSON.stringify(value)}` }),
    )
  })
})
