import { describe, expect, it } from 'vitest'
import { compileRelabelConfig, RelabelConfigError, type RelabelConfigInput } from './relabel-config.js'

const rejected: [RelabelConfigInput, string][] = [
  [{ action: 'explode' }, 'unknown relabel action "explode"'],
  [{ action: 'hashmod', targetLabel: 'x' }, 'relabel configuration for hashmod requires non-zero modulus'],
  [{ action: 'replace' }, "relabel configuration for replace action requires 'target_label' value"],
  [{ action: 'lowercase' }, "relabel configuration for lowercase action requires 'target_label' value"],
  [{ action: 'keepequal' }, "relabel configuration for keepequal action requires 'target_label' value"],
  [{ targetLabel: '0${3}' }, `"0\${3}" is invalid 'target_label' for replace action`],
  [{ targetLabel: '-${3}' }, `"-\${3}" is invalid 'target_label' for replace action`],
  [{ targetLabel: 'a-b' }, `"a-b" is invalid 'target_label' for replace action`],
  [{ action: 'lowercase', targetLabel: '${3}' }, `"\${3}" is invalid 'target_label' for lowercase action`],
  [
    { action: 'uppercase', targetLabel: 'x', replacement: 'y' },
    "'replacement' can not be set for uppercase action",
  ],
  [{ action: 'labelmap', replacement: '-x' }, `"-x" is invalid 'replacement' for labelmap action`],
  [
    { action: 'hashmod', modulus: 2, targetLabel: 'a.b' },
    `"a.b" is invalid 'target_label' for hashmod action`,
  ],
  [
    { action: 'keepequal', targetLabel: 'x', regex: 'a' },
    "keepequal action requires only 'source_labels' and `target_label`, and no other fields",
  ],
  [
    { action: 'dropequal', targetLabel: 'x', separator: ',' },
    "dropequal action requires only 'source_labels' and `target_label`, and no other fields",
  ],
  [
    { action: 'labeldrop', sourceLabels: ['a'] },
    "labeldrop action requires only 'regex', and no other fields",
  ],
  [{ action: 'labelkeep', targetLabel: 'a' }, "labelkeep action requires only 'regex', and no other fields"],
  [{ action: 'keep', regex: 'a(' }, 'error parsing regexp: missing closing ): `^(?:a()$`'],
]

const accepted: RelabelConfigInput[] = [
  { targetLabel: '${1}' },
  { targetLabel: 'asd$2asd' },
  { targetLabel: 'foo${bar}foo' },
  { action: 'KEEP', sourceLabels: ['a'], regex: 'x' },
  { action: 'labeldrop', regex: 'tmp_.*' },
  { action: 'labelmap', regex: '__meta_(.+)' },
  { action: 'keepequal', sourceLabels: ['a'], targetLabel: 'b' },
  { action: 'hashmod', sourceLabels: ['a'], modulus: 3, targetLabel: '__tmp_hash' },
]

describe('compileRelabelConfig', () => {
  it.each(rejected)('rejects %j', (input, message) => {
    let caught: unknown
    try {
      compileRelabelConfig(input)
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(RelabelConfigError)
    expect((caught as Error).message).toContain(message)
  })

  it.each(accepted)('accepts %j', (input) => {
    expect(compileRelabelConfig(input).action).toBe((input.action ?? 'replace').toLowerCase())
  })

  it('fills in the defaults', () => {
    const c = compileRelabelConfig({ targetLabel: 'x' })
    expect([c.separator, c.regex.source, c.replacement, c.action, c.defaultRegex]).toEqual([
      ';',
      '(.*)',
      '$1',
      'replace',
      true,
    ])
  })
})
