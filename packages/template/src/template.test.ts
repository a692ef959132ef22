import { describe, expect, it } from 'vitest'
import { goFunc } from './func.js'
import { Template } from './template.js'

class Point {
  constructor(
    readonly X: bigint,
    readonly Y: bigint,
  ) {}
  Sum(): bigint {
    return this.X + this.Y
  }
  Scale(k: unknown): bigint {
    return this.X * (k as bigint)
  }
  Fail(): never {
    throw new Error('boom')
  }
}

const data = {
  Name: 'web',
  Count: 3,
  Empty: '',
  List: ['a', 'b', 'c'],
  Map: { z: 1, a: 2, m: 3 },
  Labels: { instance: 'host:9090', job: 'node' },
  Nested: { Inner: { Value: 'deep' } },
  Nil: null,
  P: new Point(2n, 3n),
  Float: 1234567.5,
  Small: 0.00001,
  Million: 1e6,
  Flag: true,
}

const funcs = {
  upper: goFunc(['string'], (s: string) => s.toUpperCase()),
  slow: goFunc(['string'], async (s: string) => `<${s}>`),
  fail: goFunc([], () => {
    throw new Error('it broke')
  }),
}

const render = (
  text: string,
  d: unknown = data,
  missingKey?: 'invalid' | 'zero' | 'error',
): Promise<string> => Template.parse('x', text, { funcs, ...(missingKey ? { missingKey } : {}) }).execute(d)

describe('Template execution', () => {
  it.each([
    ['plain text', 'plain text'],
    ['{{ .Name }}', 'web'],
    ['{{.Count}}', '3'],
    ['{{ .Float }}', '1.2345675e+06'],
    ['{{ .Small }}', '1e-05'],
    ['{{ .Million }}', '1e+06'],
    ['{{ 100000.0 }}', '100000'],
    ["{{ 1 }} {{ 1.5 }} {{ 1e3 }} {{ 0x10 }} {{ -7 }} {{ 'a' }} {{ 017 }}", '1 1.5 1000 16 -7 97 15'],
    ['{{ "a\\tb" }}|{{ `raw\\n` }}', 'a\tb|raw\\n'],
    ['{{ .Missing }}', '<no value>'],
    ['{{ .Labels.missing }}', '<no value>'],
    ['{{ .Nested.Inner.Value }}', 'deep'],
    ['{{ .Missing.Deeper }}', '<no value>'],
    ['{{ .List }}', '[a b c]'],
    ['{{ .Map }}', 'map[a:2 m:3 z:1]'],
    ['{{ .Nil }}', '<nil>'],
    ['{{ .Flag }}', 'true'],
    ['{{ .P.Sum }}', '5'],
    ['{{ .P.Scale 10 }}', '20'],
    ['{{ 4 | .P.Scale }}', '8'],
    ['{{ if .Flag }}yes{{ else }}no{{ end }}', 'yes'],
    ['{{ if .Empty }}yes{{ else if .Count }}count{{ else }}no{{ end }}', 'count'],
    ['{{ if not .List }}empty{{ else }}full{{ end }}', 'full'],
    ['{{ with .Nested.Inner }}{{ .Value }}{{ end }}', 'deep'],
    ['{{ with .Empty }}x{{ else }}empty{{ end }}', 'empty'],
    ['{{ with .Empty }}x{{ else with .Name }}{{ . }}{{ end }}', 'web'],
    ['{{ range .List }}[{{ . }}]{{ end }}', '[a][b][c]'],
    ['{{ range $i, $e := .List }}{{ $i }}={{ $e }} {{ end }}', '0=a 1=b 2=c '],
    ['{{ range $k, $v := .Map }}{{ $k }}{{ $v }}{{ end }}', 'a2m3z1'],
    ['{{ range .Nope }}x{{ else }}none{{ end }}', 'none'],
    ['{{ range .List }}{{ if eq . "b" }}{{ break }}{{ end }}{{ . }}{{ end }}', 'a'],
    ['{{ range .List }}{{ if eq . "b" }}{{ continue }}{{ end }}{{ . }}{{ end }}', 'ac'],
    ['{{ range 3 }}{{ . }}{{ end }}', '012'],
    ['{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}', '2'],
    ['{{ $x := "a" }}{{ range .List }}{{ $x = . }}{{ end }}{{ $x }}', 'c'],
    ['{{ range .List }}{{ $.Name }}{{ end }}', 'webwebweb'],
    ['{{ .Name | upper }}', 'WEB'],
    ['{{ .Name | slow | upper }}', '<WEB>'],
    ['{{ (printf "%s-%d" .Name 7) | upper }}', 'WEB-7'],
    ['{{ len .List }} {{ len .Map }} {{ len "héllo" }}', '3 3 6'],
    ['{{ index .List 1 }} {{ index .Map "m" }} {{ index .Labels "nope" }}', 'b 3 '],
    ['{{ slice "abcdef" 1 3 }} {{ slice .List 1 }}', 'bc [b c]'],
    ['{{ and 1 0 "x" }} {{ or 0 "" "y" }} {{ and 1 2 }} {{ or 0 "" }}', '0 y 2 '],
    ['{{ or .Missing "fallback" }}', 'fallback'],
    ['{{ and false .Nil.Field }}', 'false'],
    ['{{ not 0 }} {{ not "x" }}', 'true false'],
    [
      '{{ eq 1 1 }} {{ eq "a" "b" "a" }} {{ ne 1 2 }} {{ lt 1 2 }} {{ le 2 2 }} {{ gt 1.5 2.5 }} {{ ge "b" "a" }}',
      'true true true true true false true',
    ],
    ['{{ eq .Missing "x" }}', 'false'],
    ['{{ print 1 2 "a" "b" 3 }}', '1 2ab3'],
    ['{{ println 1 "a" }}', '1 a\n'],
    ['{{ html "<a href=\'x\'>&</a>" }}', '&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;'],
    ['{{ js "it\'s <b>`" }}', "it\\'s \\u003Cb\\u003E`"],
    ['{{ urlquery "a b&c=d/é" }}', 'a+b%26c%3Dd%2F%C3%A9'],
    ['{{/* a comment */}}x{{- /* trimmed */ -}}  y', 'xy'],
    ['a  {{- "b" -}}  \n c', 'abc'],
    ['{{ define "t" }}[{{ . }}]{{ end }}{{ template "t" .Name }}{{ template "t" }}', '[web][<no value>]'],
    ['{{ block "b" .Count }}<{{ . }}>{{ end }}', '<3>'],
    ['{{ call .Fn 2 }}', '4'],
  ])('%s', async (text, want) => {
    const d = { ...data, Fn: (x: bigint) => x * 2n }
    expect(await render(text, d)).toBe(want)
  })

  it.each([
    ['{{ .Labels.missing }}', 'zero', ''],
    ['{{ .Labels.missing | printf "%q" }}', 'zero', '""'],
    ['{{ .Map.missing }}', 'zero', '<no value>'],
  ] as const)('missingkey %s (%s)', async (text, mode, want) => {
    expect(await render(text, data, mode)).toBe(want)
  })

  it.each([
    [
      '{{ .Nil.Field }}',
      'template: x:1:7: executing "x" at <.Nil.Field>: nil pointer evaluating interface {}.Field',
    ],
    [
      '{{ .Name.Foo }}',
      'template: x:1:8: executing "x" at <.Name.Foo>: can\'t evaluate field Foo in type string',
    ],
    [
      '{{ .P.Nope }}',
      'template: x:1:5: executing "x" at <.P.Nope>: can\'t evaluate field Nope in type Point',
    ],
    ['{{ .P.Fail }}', 'template: x:1:5: executing "x" at <.P.Fail>: error calling Fail: boom'],
    ['\n{{ fail }}', 'template: x:2:3: executing "x" at <fail>: error calling fail: it broke'],
    ['{{ upper 1 }}', 'template: x:1:9: executing "x" at <1>: expected string; found 1'],
    [
      '{{ .Count | upper }}',
      'template: x:1:12: executing "x" at <upper>: wrong type for value; expected string; got float64',
    ],
    [
      '{{ upper }}',
      'template: x:1:3: executing "x" at <upper>: wrong number of args for upper: want 1 got 0',
    ],
    [
      '{{ eq 1 1.5 }}',
      'template: x:1:3: executing "x" at <eq 1 1.5>: error calling eq: incompatible types for comparison',
    ],
    [
      '{{ lt true false }}',
      'template: x:1:3: executing "x" at <lt true false>: error calling lt: invalid type for comparison',
    ],
    [
      '{{ index .List 5 }}',
      'template: x:1:3: executing "x" at <index .List 5>: error calling index: index out of range: 5',
    ],
    [
      '{{ template "nope" }}',
      'template: x:1:12: executing "x" at <{{template "nope"}}>: template "nope" not defined',
    ],
    [
      '{{ range .Name }}{{ end }}',
      'template: x:1:9: executing "x" at <.Name>: range can\'t iterate over web',
    ],
    ['{{ .Name 1 }}', 'template: x:1:3: executing "x" at <.Name>: Name is not a method but has arguments'],
    ['{{ nil }}', 'template: x:1:3: executing "x" at <nil>: nil is not a command'],
    ['{{ len 3 }}', 'template: x:1:3: executing "x" at <len 3>: error calling len: len of type int'],
  ])('%s fails', async (text, message) => {
    await expect(render(text)).rejects.toThrow(message)
  })

  it('reports a missing key under missingkey=error', async () => {
    await expect(render('{{ .Labels.nope }}', data, 'error')).rejects.toThrow(
      'map has no entry for key "nope"',
    )
  })

  it.each([
    ['{{ .Name }', 'template: x:1: unexpected "}" in operand'],
    ['{{ if .X }}', 'template: x:1: unexpected EOF'],
    ['{{ end }}', 'template: x:1: unexpected {{end}}'],
    ['{{ nope }}', 'template: x:1: function "nope" not defined'],
    ['{{ $x }}', 'template: x:1: undefined variable "$x"'],
    ['a\nb\n{{ "x }}', 'template: x:3: unterminated quoted string'],
    ['{{ .Name', 'template: x:1: unclosed action'],
    ['{{ 1 | 2 }}', 'template: x:1: non executable command in pipeline stage 2'],
    ['{{ }}', 'template: x:1: missing value for command'],
    ['{{ break }}', 'template: x:1: {{break}} outside {{range}}'],
    ['{{ 3x }}', 'template: x:1: bad number syntax: "3x"'],
    ['{{ 1i }}', 'template: x:1: complex number constants are not supported: "1i"'],
    ['{{ ( 1 }}', 'template: x:1: unclosed left paren'],
    ['{{ 1 ) }}', 'template: x:1: unexpected ")" in command'],
    ['{{/* open }}', 'template: x:1: unclosed comment'],
    [
      '{{ define "a" }}1{{ end }}{{ define "a" }}2{{ end }}',
      'template: x:1: template: multiple definition of template "a"',
    ],
    ['{{ "a".Foo }}', 'template: x:1: unexpected . after term "\\"a\\""'],
    ['{{ if }}{{ end }}', 'template: x:1: missing value for if'],
    ['{{ range $a, $b, $c := . }}{{ end }}', 'template: x:1: too many declarations in range'],
    ['{{ # }}', 'template: x:1: unexpected "#" in command'],
  ])('parse error for %s', (text, message) => {
    expect(() => Template.parse('x', text, { funcs })).toThrow(message)
  })

  it('supports other delimiters', async () => {
    expect(
      await Template.parse('x', '[[ .Name ]] {{ .Name }}', { leftDelim: '[[', rightDelim: ']]' }).execute(
        data,
      ),
    ).toBe('web {{ .Name }}')
  })

  it('parses once and executes many times with different data', async () => {
    const t = Template.parse('x', '{{ range . }}{{ . }},{{ end }}')
    expect(await t.execute(['a'])).toBe('a,')
    expect(await t.execute(['b', 'c'])).toBe('b,c,')
  })

  it('keeps a non-empty definition when a later parse brings an empty one, and lets user text override', async () => {
    const t = Template.parse('defaults', '{{ define "greet" }}hello{{ end }}')
    t.parse('user', '{{ define "greet" }}   {{ end }}')
    expect(await t.executeTemplate('greet')).toBe('hello')
    t.parse('user2', '{{ define "greet" }}hi{{ end }}')
    expect(await t.executeTemplate('greet')).toBe('hi')
    await expect(t.executeTemplate('nope')).rejects.toThrow(
      'template: no template "nope" associated with template "defaults"',
    )
  })
})
