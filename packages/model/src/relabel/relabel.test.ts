import { describe, expect, it } from 'vitest'
import { Labels } from '../labels.js'
import { relabel } from './relabel.js'
import { compileRelabelConfig, type RelabelConfigInput } from './relabel-config.js'

const base = { __name__: 'up', a: 'foo', b: 'bar', c: 'baz' }

interface Case {
  name: string
  input: Record<string, string>
  rules: RelabelConfigInput[]
  output: Record<string, string> | undefined
}

const cases: Case[] = [
  {
    name: 'replace with a capture into a new label',
    input: base,
    rules: [{ sourceLabels: ['a'], regex: 'f(.*)', targetLabel: 'd', replacement: 'ch${1}-ch${1}' }],
    output: { ...base, d: 'choo-choo' },
  },
  {
    name: 'replace joins source labels with the separator',
    input: base,
    rules: [{ sourceLabels: ['a', 'b'], separator: '/', targetLabel: 'joined' }],
    output: { ...base, joined: 'foo/bar' },
  },
  {
    name: 'replace does nothing without a match',
    input: base,
    rules: [{ sourceLabels: ['a'], regex: 'x(.*)', targetLabel: 'd' }],
    output: base,
  },
  {
    name: 'replace with an empty result deletes the target',
    input: base,
    rules: [{ sourceLabels: ['missing'], targetLabel: 'a' }],
    output: { __name__: 'up', b: 'bar', c: 'baz' },
  },
  {
    name: 'replace fast path sets a constant even from empty sources',
    input: base,
    rules: [{ targetLabel: 'env', replacement: 'prod' }],
    output: { ...base, env: 'prod' },
  },
  {
    name: 'replace with a templated target label',
    input: base,
    rules: [{ sourceLabels: ['a'], regex: '(f)(o+)', targetLabel: '${1}_x', replacement: '$2' }],
    output: { ...base, f_x: 'oo' },
  },
  {
    name: 'replace skips an invalid expanded target',
    input: { ...base, a: '9' },
    rules: [{ sourceLabels: ['a'], regex: '(.*)', targetLabel: '${1}' }],
    output: { ...base, a: '9' },
  },
  {
    name: 'replace with named groups and $$',
    input: base,
    rules: [{ sourceLabels: ['b'], regex: '(?P<x>b)(?P<y>.*)', targetLabel: 'd', replacement: '$y$$${x}' }],
    output: { ...base, d: 'ar$b' },
  },
  {
    name: 'Go template: $1x names a group "1x", which is empty',
    input: base,
    rules: [{ sourceLabels: ['a'], regex: '(.*)', targetLabel: 'd', replacement: '$1x-${1}x' }],
    output: { ...base, d: '-foox' },
  },
  {
    name: 'regex is fully anchored',
    input: base,
    rules: [{ sourceLabels: ['a'], regex: 'o', action: 'drop' }],
    output: base,
  },
  {
    name: 'drop on match',
    input: base,
    rules: [{ sourceLabels: ['a'], regex: 'f.*', action: 'drop' }],
    output: undefined,
  },
  {
    name: 'keep on match',
    input: base,
    rules: [{ sourceLabels: ['a'], regex: 'f.*', action: 'keep' }],
    output: base,
  },
  {
    name: 'keep drops on no match',
    input: base,
    rules: [{ sourceLabels: ['a'], regex: 'x', action: 'Keep' }],
    output: undefined,
  },
  {
    name: 'keep of a missing label matches the empty string',
    input: base,
    rules: [{ sourceLabels: ['nope'], regex: '', action: 'keep' }],
    output: base,
  },
  {
    name: 'keepequal keeps equal values',
    input: { ...base, d: 'foo' },
    rules: [{ sourceLabels: ['a'], targetLabel: 'd', action: 'keepequal' }],
    output: { ...base, d: 'foo' },
  },
  {
    name: 'keepequal drops unequal',
    input: base,
    rules: [{ sourceLabels: ['a'], targetLabel: 'b', action: 'keepequal' }],
    output: undefined,
  },
  {
    name: 'dropequal keeps unequal',
    input: base,
    rules: [{ sourceLabels: ['a'], targetLabel: 'b', action: 'dropequal' }],
    output: base,
  },
  {
    name: 'dropequal drops equal values',
    input: { ...base, d: 'foo' },
    rules: [{ sourceLabels: ['a'], targetLabel: 'd', action: 'dropequal' }],
    output: undefined,
  },
  // Expected values as Prometheus's own relabel tests publish them for these inputs.
  {
    name: 'hashmod',
    input: base,
    rules: [{ sourceLabels: ['c'], modulus: 1000, targetLabel: 'd', action: 'hashmod' }],
    output: { ...base, d: '976' },
  },
  {
    name: 'hashmod of a value with a newline',
    input: { a: 'foo\nbar' },
    rules: [{ sourceLabels: ['a'], modulus: 1000, targetLabel: 'b', action: 'hashmod' }],
    output: { a: 'foo\nbar', b: '734' },
  },
  {
    name: 'replace with capture in the target label',
    input: { a: 'some-name-value' },
    rules: [{ sourceLabels: ['a'], regex: 'some-([^-]+)-([^,]+)', targetLabel: '${1}', replacement: '${2}' }],
    output: { a: 'some-name-value', name: 'value' },
  },
  {
    name: 'labelmap copies matching names',
    input: { __meta_x_one: '1', __meta_x_two: '2', other: 'o' },
    rules: [{ regex: '__meta_x_(.+)', action: 'labelmap' }],
    output: { __meta_x_one: '1', __meta_x_two: '2', other: 'o', one: '1', two: '2' },
  },
  {
    name: 'labelmap with a fixed replacement',
    input: { a: 'A', b: 'B' },
    rules: [{ regex: 'a', replacement: 'renamed', action: 'labelmap' }],
    output: { a: 'A', b: 'B', renamed: 'A' },
  },
  {
    name: 'labeldrop',
    input: base,
    rules: [{ regex: '[ab]', action: 'labeldrop' }],
    output: { __name__: 'up', c: 'baz' },
  },
  {
    name: 'labelkeep',
    input: base,
    rules: [{ regex: '__name__|a', action: 'labelkeep' }],
    output: { __name__: 'up', a: 'foo' },
  },
  {
    name: 'lowercase',
    input: { x: 'MiXeD' },
    rules: [{ sourceLabels: ['x'], targetLabel: 'y', action: 'lowercase' }],
    output: { x: 'MiXeD', y: 'mixed' },
  },
  {
    name: 'uppercase',
    input: { x: 'MiXeD' },
    rules: [{ sourceLabels: ['x'], targetLabel: 'x', action: 'uppercase' }],
    output: { x: 'MIXED' },
  },
  {
    name: 'rules apply in order and stop at a drop',
    input: base,
    rules: [
      { sourceLabels: ['a'], targetLabel: 'z', replacement: 'set' },
      { sourceLabels: ['z'], regex: 'set', action: 'drop' },
      { targetLabel: 'never', replacement: 'x' },
    ],
    output: undefined,
  },
]

describe('relabel', () => {
  it.each(cases)('$name', ({ input, rules, output }) => {
    const result = relabel(Labels.fromRecord(input), rules.map(compileRelabelConfig))
    expect(result?.toRecord()).toEqual(
      output === undefined ? undefined : Labels.fromRecord(output).toRecord(),
    )
  })

  it('returns the same labels when there are no rules', () => {
    const labels = Labels.fromRecord(base)
    expect(relabel(labels, [])).toBe(labels)
  })

  it('spreads hashmod over the modulus', () => {
    const rule = compileRelabelConfig({
      sourceLabels: ['i'],
      modulus: 4,
      targetLabel: 'm',
      action: 'hashmod',
    })
    const seen = new Set<string>()
    for (let i = 0; i < 100; i++)
      seen.add(relabel(Labels.fromRecord({ i: String(i) }), [rule])?.get('m') ?? '')
    expect([...seen].sort()).toEqual(['0', '1', '2', '3'])
  })
})
