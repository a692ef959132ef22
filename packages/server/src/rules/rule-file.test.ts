import { describe, expect, it } from 'vitest'
import { RuleFileError } from './rule-file-error.js'
import { parseRuleFile } from './rule-file.js'
import { checkAlertTemplate } from './rule-template.js'

const parse = (text: string): ReturnType<typeof parseRuleFile> =>
  parseRuleFile(text, 'r.yml', { checkTemplate: checkAlertTemplate })

function problems(text: string): readonly string[] {
  try {
    parse(text)
  } catch (err) {
    if (err instanceof RuleFileError) return err.problems
    throw err
  }
  return []
}

describe('parseRuleFile', () => {
  it('reads groups and rules with every field', () => {
    const [group] = parse(`groups:
  - name: g
    interval: 30s
    query_offset: 1m
    limit: 10
    labels: {team: a}
    rules:
      - record: job:up:sum
        expr: sum by (job) (up)
        labels: {x: "1"}
      - alert: Down
        expr: up == 0
        for: 5m
        keep_firing_for: 2m
        labels: {severity: page}
        annotations: {summary: "{{ $labels.job }} is down"}
`)
    expect(group).toMatchObject({
      name: 'g',
      file: 'r.yml',
      intervalMs: 30_000,
      queryOffsetMs: 60_000,
      limit: 10,
    })
    expect(group?.labels).toEqual({ team: 'a' })
    expect(group?.rules).toEqual([
      expect.objectContaining({ kind: 'recording', name: 'job:up:sum', labels: { x: '1' }, forMs: 0 }),
      expect.objectContaining({
        kind: 'alerting',
        name: 'Down',
        forMs: 300_000,
        keepFiringForMs: 120_000,
        position: { line: 11, column: 16 },
      }),
    ])
  })

  it.each([
    ['an empty file', ''],
    ['a comment only', '# nothing\n'],
    ['null groups', 'groups:\n'],
    ['a group without rules', 'groups:\n  - name: a\n'],
    [
      'numbers as strings',
      'groups:\n  - name: 5\n    rules:\n      - record: a\n        expr: 1\n        labels: {n: 2}\n',
    ],
  ])('accepts %s', (_, text) => {
    expect(problems(text)).toEqual([])
  })

  it.each([
    ['a YAML syntax error', 'groups: [', /^yaml: line \d+:/],
    [
      'an unknown group field',
      'groups:\n  - name: a\n    foo: 1\n',
      /line 3: field foo not found in type rulefmt.RuleGroup/,
    ],
    [
      'an unknown rule field',
      'groups:\n  - name: a\n    rules:\n      - record: a\n        expr: up\n        bar: 1\n',
      /field bar not found in type rulefmt.RuleNode/,
    ],
    ['a top-level scalar', 'hello', /cannot unmarshal !!str `hello` into rulefmt.RuleGroups/],
    [
      'labels as a list',
      'groups:\n  - name: a\n    rules:\n      - record: a\n        expr: up\n        labels: [a]\n',
      /cannot unmarshal !!seq into map\[string\]string/,
    ],
    [
      'a bad duration',
      'groups:\n  - name: a\n    rules:\n      - alert: a\n        expr: up\n        for: 5x\n',
      /not a valid duration string: "5x"/,
    ],
    [
      'a non-integer limit',
      'groups:\n  - name: a\n    limit: many\n',
      /cannot unmarshal !!str `many` into int/,
    ],
    ['an empty group name', 'groups:\n  - rules: []\n', /^2:5: Groupname must not be empty$/],
    [
      'a repeated group',
      'groups:\n  - name: a\n  - name: a\n',
      /^3:5: groupname: "a" is repeated in the same file$/,
    ],
    [
      'a bad expression',
      'groups:\n  - name: a\n    rules:\n      - record: x\n        expr: sum(up\n',
      /^5:15: group "a", rule 1, "x": could not parse expression: /,
    ],
    [
      'a missing expression',
      'groups:\n  - name: a\n    rules:\n      - record: x\n',
      /group "a", rule 1, "x": field 'expr' must be set in rule/,
    ],
    [
      'record and alert',
      'groups:\n  - name: a\n    rules:\n      - record: x\n        alert: y\n        expr: up\n',
      /^4:17: 5:16: group "a", rule 1, "y": only one of 'record' and 'alert' must be set$/,
    ],
    [
      'neither record nor alert',
      'groups:\n  - name: a\n    rules:\n      - expr: up\n',
      /one of 'record' or 'alert' must be set/,
    ],
    [
      'a bad record name',
      'groups:\n  - name: a\n    rules:\n      - record: a b\n        expr: up\n',
      /^4:17: group "a", rule 1, "a b": invalid recording rule name: a b$/,
    ],
    [
      'annotations on a recording rule',
      'groups:\n  - name: a\n    rules:\n      - record: a\n        expr: up\n        annotations: {x: y}\n',
      /invalid field 'annotations' in recording rule/,
    ],
    [
      'for on a recording rule',
      'groups:\n  - name: a\n    rules:\n      - record: a\n        expr: up\n        for: 1m\n',
      /invalid field 'for' in recording rule/,
    ],
    [
      'keep_firing_for on a recording rule',
      'groups:\n  - name: a\n    rules:\n      - record: a\n        expr: up\n        keep_firing_for: 1m\n',
      /invalid field 'keep_firing_for' in recording rule/,
    ],
    [
      'a bad label name',
      'groups:\n  - name: a\n    rules:\n      - record: a\n        expr: up\n        labels: {"a-b": x}\n',
      /invalid label name: a-b/,
    ],
    [
      'a __name__ label',
      'groups:\n  - name: a\n    rules:\n      - record: a\n        expr: up\n        labels: {__name__: x}\n',
      /invalid label name: __name__/,
    ],
    [
      'a bad annotation name',
      'groups:\n  - name: a\n    rules:\n      - alert: a\n        expr: up\n        annotations: {"1x": y}\n',
      /invalid annotation name: 1x/,
    ],
    [
      'a bad annotation template',
      'groups:\n  - name: a\n    rules:\n      - alert: X\n        expr: up\n        annotations: {s: "{{ $value | humanize }"}\n',
      /^group "a", rule 1, "X": annotation "s": template: __alert_X:1: unexpected "}" in operand$/,
    ],
    [
      'an unknown template function',
      'groups:\n  - name: a\n    rules:\n      - alert: X\n        expr: up\n        labels: {s: "{{ nope }}"}\n',
      /label "s": template: __alert_X:1: function "nope" not defined/,
    ],
  ])('rejects %s', (_, text, expected) => {
    const found = problems(text)
    expect(found.length).toBeGreaterThan(0)
    expect(
      found.some((p) => expected.test(p)),
      found.join('\n'),
    ).toBe(true)
  })

  it('reports every problem of a file, each prefixed with the file name in the message', () => {
    try {
      parse(
        'groups:\n  - name: a\n    rules:\n      - record: "a b"\n        expr: up\n      - record: c\n        expr: "("\n',
      )
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(RuleFileError)
      const e = err as RuleFileError
      expect(e.code).toBe('ERR_RULE_FILE')
      expect(e.problems).toHaveLength(2)
      expect(e.message.split('\n').filter((l) => l.startsWith('r.yml: '))).toHaveLength(2)
    }
  })

  it('does not check templates of recording rules', () => {
    expect(
      problems(
        'groups:\n  - name: a\n    rules:\n      - record: a\n        expr: up\n        labels: {x: "{{"}\n',
      ),
    ).toEqual([])
  })
})
