import { describe, expect, it } from 'vitest'
import { emitYaml, sortedMap, yamlMap, yamlString } from './yaml-emitter.js'

describe('yamlString', () => {
  // Expected texts are what gopkg.in/yaml.v2 prints for the same Go string.
  it.each([
    ['plain', 'plain'],
    ['', '""'],
    ['y', '"y"'],
    ['on', '"on"'],
    ['NO', '"NO"'],
    ['true', '"true"'],
    ['null', '"null"'],
    ['~', '"~"'],
    ['123', '"123"'],
    ['0x1f', '"0x1f"'],
    ['1.5', '"1.5"'],
    ['1e3', '"1e3"'],
    ['+.inf', '"+.inf"'],
    ['1:30', '"1:30"'],
    ['2001-12-14', '"2001-12-14"'],
    ['127.0.0.1:9090', '127.0.0.1:9090'],
    ['1.2.3', '1.2.3'],
    ['$1', '$1'],
    [';', ';'],
    ['(.*)', '(.*)'],
    ['[a-z]+', "'[a-z]+'"],
    ['*x', "'*x'"],
    ["it's", "it's"],
    ["'quoted", "'''quoted'"],
    ['a: b', "'a: b'"],
    ['a #b', "'a #b'"],
    ['a#b', 'a#b'],
    ['- x', "'- x'"],
    ['-x', '-x'],
    ['trailing ', "'trailing '"],
    ['tab\there', '"tab\\there"'],
    ['http://h/x?y=1', 'http://h/x?y=1'],
  ])('%j prints as %s', (input, expected) => {
    expect(yamlString(input)).toBe(expected)
  })
})

describe('emitYaml', () => {
  it('prints nested maps indented and sequences at their key’s indentation, as go-yaml does', () => {
    const doc = yamlMap([
      ['a', 1],
      ['skipped', undefined],
      ['b', yamlMap([['c', true]])],
      [
        'list',
        [
          'x',
          yamlMap([
            ['k', 'v'],
            ['nested', yamlMap([['deep', null]])],
          ]),
          [],
        ],
      ],
      ['flow', { kind: 'flow', items: ['a', 'on'] }],
      ['empty', []],
      ['none', yamlMap([])],
      ['sorted', sortedMap({ z: '1', a: 'b' })],
    ])
    expect(emitYaml(doc)).toBe(
      [
        'a: 1',
        'b:',
        '  c: true',
        'list:',
        '- x',
        '- k: v',
        '  nested:',
        '    deep: null',
        '- []',
        'flow: [a, "on"]',
        'empty: []',
        'none: {}',
        'sorted:',
        '  a: b',
        '  z: "1"',
        '',
      ].join('\n'),
    )
  })

  it('prints an empty document as {}', () => {
    expect(emitYaml(yamlMap([]))).toBe('{}\n')
  })
})
