import { describe, expect, it } from 'vitest'
import { isLogLevel, logfmtLogger } from './logfmt-logger.js'

describe('logfmtLogger', () => {
  it('writes logfmt lines at or above its level, quoting values that need it', () => {
    const lines: string[] = []
    const logger = logfmtLogger((line) => lines.push(line), 'warn')
    logger.log('info', 'dropped')
    logger.log('error', 'could not load', { file: '/tmp/a b', err: new Error('bad "x"'), n: 3 })
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      /^ts=\S+ level=error msg="could not load" file="\/tmp\/a b" err="bad \\"x\\"" n=3\n$/,
    )
  })

  it.each([
    ['debug', true],
    ['error', true],
    ['verbose', false],
    ['toString', false],
  ])('isLogLevel(%s) is %s', (text, expected) => expect(isLogLevel(text)).toBe(expected))
})
