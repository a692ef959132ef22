import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { AlertTemplateData, expandAlertTemplate, prometheusFuncs } from '@watchfire/template'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROMTOOL_BIN } from './lib/prometheus.js'

const run = promisify(execFile)

interface Rule {
  alert: string
  metric: string
  value: string
  cases: string[]
}

const LABELS = { job: 'node', instance: 'host.example.com:9100' }

// Each case is an annotation template; promtool renders it with Go and compares with what our engine rendered.
const RULES: Rule[] = [
  {
    alert: 'Big',
    metric: 'm_big',
    value: '1234567.5',
    cases: [
      '{{ $value }}',
      '{{ $value | humanize }}',
      '{{ humanize1024 $value }}',
      '{{ printf "%.2f" $value }}',
      '{{ printf "%v|%g|%e|%E|%G" $value $value $value $value $value }}',
      '{{ printf "%10.1f|%-12.3e|%+.0f|%08.2f" $value $value $value $value }}',
      '{{ printf "%d %s %x" $value $value $value }}',
      '{{ $labels.instance }} on {{ $labels.job }}',
      '{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }}',
      '{{ if gt $value 1000.0 }}high{{ else if gt $value 10.0 }}mid{{ else }}low{{ end }}',
      '{{ $labels.missing }}|{{ $labels.missing | printf "%q" }}|{{ index $labels "missing" }}',
      '{{ $labels.instance | stripPort }} {{ stripPort "[::1]:80" }} {{ stripPort "noport" }}',
      '{{ stripDomain $labels.instance }} {{ stripDomain "10.0.0.1:80" }}',
      '{{ toUpper $labels.job }} {{ toLower "ABC" }} {{ title "hello world-foo bar_baz" }}',
      '{{ reReplaceAll `(\\w+)\\.example\\.com:(\\d+)` "$2/$1 ${1}x $1x $$" $labels.instance }}',
      '{{ match "^host" $labels.instance }} {{ match "^web" $labels.instance }}',
      '{{ with query "m_big" }}{{ . | first | value | humanize }} {{ . | first | label "job" }}{{ end }}',
      '{{ range query "m_big" }}{{ .Labels.instance }}={{ .Value }}{{ end }}',
      '{{ len $labels }} {{ len "héllo" }} {{ index "abc" 1 }} {{ slice "abcdef" 1 3 }}',
      '{{ print 1 2 "a" "b" 3.5 true nil }}|{{ println "x" 1 }}|',
      '{{ html "<a href=\'x\'>&\\"</a>" }} {{ js "it\'s <b>&=" }} {{ urlquery "a b&c=é" }}',
      '{{ and 1 0 "x" }} {{ or 0 "" "y" }} {{ and 1 2 }} {{ or 0 "" }}|{{ not 0 }}',
      '{{ eq $labels.job "node" "web" }} {{ ne 1 2 }} {{ lt 1.5 2.5 }} {{ le "a" "b" }} {{ ge 3 3 }}',
      '{{ $x := 1 }}{{ range $labels }}{{ $x = . }}{{ end }}{{ $x }}',
      '{{ (args 1 "two" 3.5).arg1 }} {{ (args 1).arg5 }}',
      '{{ graphLink "rate(x[5m])" }} {{ tableLink "up == 0" }}',
      '{{- /* comment */ -}}  trimmed  {{- " " -}}  text  ',
      "{{ 1 }} {{ 1.0 }} {{ 1e3 }} {{ 0x1F }} {{ 017 }} {{ 'a' }} {{ -2.5e-7 }} {{ 1e6 }} {{ 123456.0 }}",
      '{{ printf "%q %v %T %T" "a\\"b\\n" $labels.job $value 1 }}',
      '{{ printf "%5s|%-5s|%.2s|%05d|%x|%X|%o|%b|%c|%U|%t" "ab" "ab" "abcdef" 42 255 255 8 5 65 65 true }}',
      '{{ printf "%s" }}|{{ printf "%s" "a" "b" }}|{{ printf "%d" "x" }}|{{ printf "%!" }}',
      '{{ printf "%.0f %.0f %.2f %.1f %.3g %.10g" 2.5 3.5 0.125 0.25 1234.5678 0.1 }}',
      '{{ define "inner" }}[{{ . }}]{{ end }}{{ template "inner" $labels.job }}{{ template "inner" }}',
      '{{ block "blk" $value }}<{{ . | humanize }}>{{ end }}',
      '{{ range $i, $e := (args "a" "b").arg0 }}{{ $i }}{{ end }}',
      '{{ .Labels.job }} {{ .Value }} {{ $.Value | printf "%.1f" }}',
    ],
  },
  {
    alert: 'Small',
    metric: 'm_small',
    value: '0.000123',
    cases: [
      '{{ $value }}',
      '{{ humanize $value }} {{ humanizeDuration $value }} {{ humanizePercentage $value }}',
      '{{ humanize1024 $value }} {{ humanize 0 }} {{ humanize -0.5 }} {{ humanize "12345" }}',
      '{{ printf "%v %.3e %g" $value $value 0.00001 }}',
    ],
  },
  {
    alert: 'Duration',
    metric: 'm_dur',
    value: '93784.25',
    cases: [
      '{{ humanizeDuration $value }} {{ humanizeDuration 3725.5 }} {{ humanizeDuration 59.25 }} {{ humanizeDuration -90 }}',
      '{{ humanizeDuration 0 }} {{ humanizeDuration 0.0015 }} {{ humanizeDuration "120" }}',
      '{{ humanizeTimestamp $value }} {{ humanizeTimestamp 1435065584.128 }} {{ humanizeTimestamp 0 }}',
      '{{ humanizePercentage 0.8765 }} {{ humanizePercentage 1 }} {{ humanize 1e30 }} {{ humanize1024 1e30 }}',
      '{{ (toTime $value).Unix }} {{ toTime 1435065584.128 }}',
    ],
  },
  {
    alert: 'More',
    metric: 'm_more',
    value: '7.25',
    cases: [
      '{{ range $k, $v := $labels }}{{ if eq $k "job" }}{{ break }}{{ end }}{{ $k }};{{ end }}',
      '{{ range $labels }}{{ if eq . "node" }}{{ continue }}{{ end }}{{ . }};{{ end }}',
      '{{ with $x := $labels.job }}{{ $x }}{{ end }} {{ printf "%6.2f%%" 12.345 }}',
      '{{ $value | printf "%.1f" | printf "%s!" }} {{ "a" | printf "%s-%s" "b" }}',
      '{{ if and (gt $value 1.0) (eq $labels.job "node") }}y{{ else }}n{{ end }}',
      '{{ len (query "m_more") }} {{ (query "m_more" | first).Labels.job }}',
      '{{ range $i, $s := query "m_more" }}{{ $i }}:{{ $s.Value }}{{ end }}',
      '{{ print (args 1 2.5 "x") }} {{ index (args "a" "b") "arg1" }}',
      '{{ $labels.job | printf "%q" | len }} {{ \'x\' | printf "%c" }}',
      '{{ printf "%08.3f|%-8d|%+q|%.3s|%.10d|%x" -3.14159 42 "é" "abcdef" 42 "hi" }}',
      'a {{- 1 -}} b {{ 2 -}}\n\n c',
      '{{ if not (index $labels "nope") }}absent{{ end }} {{ or $labels.nope "default" }}',
      '{{ printf "%v %v %v %v" 1e-4 0.00011 1e20 123456789.0 }}',
      '{{ printf "%g %g %.3g %.0e" 100000.0 1000000.0 0.0001234 15.0 }}',
      '{{ humanize 999999 }} {{ humanize 1e-9 }} {{ humanize 1e-30 }} {{ humanize1024 -2048 }}',
      '{{ reReplaceAll "o+" "0" "foo boo" }} {{ reReplaceAll "^" ">" "x" }} {{ title "ünïcode wörds" }}',
      '{{ range $i, $c := "ab" | printf "%s" | len | printf "%d" }}{{ end }}',
      '{{ slice (args 1).arg0 }}',
    ],
  },
  {
    alert: 'Errors',
    metric: 'm_err',
    value: '-42.5',
    cases: [
      '{{ $value }} {{ humanize $value }}',
      '{{ .Name.Foo }}',
      '{{ range $labels.job }}{{ end }}',
      '{{ .Labels.job.Foo }}',
      '{{ eq 1 1.5 }}',
      '{{ humanize "abc" }}',
      '{{ template "nope" }}',
      '{{ index $labels 1 }}',
      '{{ toUpper 1 }}',
      '{{ $value | toUpper }}',
      '{{ humanize }}',
      '{{ with query "m_none" }}{{ . | first | value }}{{ end }}',
      '{{ query "m_none" | first | value }}',
      '{{ lt true false }}',
      '{{ len 3 }}',
      '{{ nil }}',
      '{{ $labels.job 1 }}',
      '{{ slice "abc" 2 1 }}',
    ],
  },
]

let dir: string

function samplesFor(metric: string, value: string): Array<{ labels: Record<string, string>; value: number }> {
  const rule = RULES.find((r) => r.metric === metric)
  if (rule === undefined) return []
  return [{ labels: { __name__: metric, ...LABELS }, value: Number(value) }]
}

async function ourAnnotations(rule: Rule): Promise<Record<string, string>> {
  const funcs = prometheusFuncs({ query: (expr) => samplesFor(expr, rule.value) })
  const data = new AlertTemplateData({ __name__: rule.metric, ...LABELS }, {}, '', Number(rule.value))
  const out: Record<string, string> = {}
  for (const [i, text] of rule.cases.entries()) {
    out[`a${i}`] = (await expandAlertTemplate(rule.alert, text, data, funcs)).text
  }
  return out
}

async function promtoolTest(
  expected: Map<string, Record<string, string>>,
): Promise<{ code: number; output: string }> {
  const rules = {
    groups: [
      {
        name: 'templates',
        rules: RULES.map((r) => ({
          alert: r.alert,
          expr: `${r.metric} != 12345`,
          annotations: Object.fromEntries(r.cases.map((c, i) => [`a${i}`, c])),
        })),
      },
    ],
  }
  const tests = {
    rule_files: ['rules.json'],
    evaluation_interval: '1m',
    tests: [
      {
        interval: '1m',
        input_series: RULES.map((r) => ({
          series: `${r.metric}{job="${LABELS.job}",instance="${LABELS.instance}"}`,
          values: `${r.value} ${r.value}`,
        })),
        alert_rule_test: RULES.map((r) => ({
          eval_time: '0m',
          alertname: r.alert,
          exp_alerts: [{ exp_labels: LABELS, exp_annotations: expected.get(r.alert) ?? {} }],
        })),
      },
    ],
  }
  await writeFile(join(dir, 'rules.json'), JSON.stringify(rules, null, 1))
  await writeFile(join(dir, 'tests.json'), JSON.stringify(tests, null, 1))
  try {
    const { stdout, stderr } = await run(PROMTOOL_BIN, ['test', 'rules', 'tests.json'], { cwd: dir })
    return { code: 0, output: stdout + stderr }
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string }
    return { code: e.code ?? 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` }
  }
}

// Budget: ~2 s. promtool (Debian's Prometheus 2.42) renders every annotation with Go's text/template.
describe('alert templates: parity with promtool test rules', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wf-template-parity-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it(`renders ${RULES.reduce((n, r) => n + r.cases.length, 0)} annotation templates exactly as Prometheus does`, async () => {
    const expected = new Map<string, Record<string, string>>()
    for (const r of RULES) expected.set(r.alert, await ourAnnotations(r))
    const { code, output } = await promtoolTest(expected)
    expect(output).toContain('SUCCESS')
    expect(code).toBe(0)
  })

  it('fails when one annotation differs, so the comparison above can fail', async () => {
    const expected = new Map<string, Record<string, string>>()
    for (const r of RULES) expected.set(r.alert, await ourAnnotations(r))
    const big = expected.get('Big') ?? {}
    big['a0'] = `${big['a0'] ?? ''}x`
    const { code, output } = await promtoolTest(expected)
    expect(output).toContain('FAILED')
    expect(code).not.toBe(0)
  })

  it.each([
    ['{{ upper }}', 'function "upper" not defined'],
    ['{{ .Foo }', 'unexpected "}" in operand'],
    ['{{ 1 ) }}', 'unexpected ")" in command'],
    ['{{ if 1 }}', 'unexpected EOF'],
    ['{{ $nope }}', 'undefined variable "$nope"'],
    ['x\n{{ "a }}', 'unterminated quoted string'],
  ])('reports the parse error of %j as promtool check rules does', async (text, detail) => {
    const ours = await expandAlertTemplate('P', text, new AlertTemplateData({}, {}, '', 0), prometheusFuncs())
    const rules = {
      groups: [{ name: 'g', rules: [{ alert: 'P', expr: 'vector(1)', annotations: { a: text } }] }],
    }
    await writeFile(join(dir, 'bad.json'), JSON.stringify(rules))
    const result = await run(PROMTOOL_BIN, ['check', 'rules', 'bad.json'], { cwd: dir }).then(
      (r) => r.stdout + r.stderr,
      (e: { stdout?: string; stderr?: string }) => `${e.stdout ?? ''}${e.stderr ?? ''}`,
    )
    const goMessage = /annotation "a": (template: .*)/.exec(result)?.[1]
    expect(goMessage).toContain(detail)
    expect(ours.text).toBe(`<error expanding template: error parsing template __alert_P: ${goMessage}>`)
  })
})
