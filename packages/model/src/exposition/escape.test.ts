import { describe, expect, it } from 'vitest'
import { escapeHelpText, escapeLabelValue, escapeOpenMetricsHelp } from './escape.js'

describe('escaping', () => {
  it.each([
    ['plain', 'plain', 'plain', 'plain'],
    ['a\\b', 'a\\\\b', 'a\\\\b', 'a\\\\b'],
    ['say "hi"', 'say \\"hi\\"', 'say "hi"', 'say \\"hi\\"'],
    ['two\nlines', 'two\\nlines', 'two\\nlines', 'two\\nlines'],
    ['\\"\n', '\\\\\\"\\n', '\\\\"\\n', '\\\\\\"\\n'],
    ['', '', '', ''],
    ['ünï☃', 'ünï☃', 'ünï☃', 'ünï☃'],
  ])('escapes %j', (input, label, help, omHelp) => {
    expect(escapeLabelValue(input)).toBe(label)
    expect(escapeHelpText(input)).toBe(help)
    expect(escapeOpenMetricsHelp(input)).toBe(omHelp)
  })

  it('returns the very same string when nothing needs escaping', () => {
    const s = 'x'.repeat(100)
    expect(escapeLabelValue(s)).toBe(s)
  })
})
