import { describe, expect, it } from 'vitest'
import { parseRuleFile } from '@watchfire/server'
import { STARTER_RULES } from './starter-rules.js'

describe('STARTER_RULES', () => {
  it('parses into the three starter alerts with their for durations', () => {
    const groups = parseRuleFile(STARTER_RULES, 'rules.yml')
    expect(groups.flatMap((g) => g.rules.map((r) => [r.kind, r.name, r.forMs]))).toEqual([
      ['alerting', 'TargetDown', 60_000],
      ['alerting', 'DiskFilling', 300_000],
      ['alerting', 'HighErrorRate', 300_000],
    ])
  })

  it.each([
    ['TargetDown', 'up == 0'],
    ['DiskFilling', 'node_filesystem_avail_bytes'],
    ['HighErrorRate', 'status_code=~"5.."'],
  ])('%s watches %s and has a summary', (name, fragment) => {
    const rule = parseRuleFile(STARTER_RULES, 'rules.yml')
      .flatMap((g) => g.rules)
      .find((r) => r.name === name)
    expect(rule?.expr).toContain(fragment)
    expect(rule?.annotations['summary']).toMatch(/\{\{ \$labels\.\w+ \}\}/)
  })
})
