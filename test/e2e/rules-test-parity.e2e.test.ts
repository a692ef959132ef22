import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { main } from 'watchfire'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROMTOOL_BIN } from './lib/prometheus.js'

// Budget: ≤ 45 s for both rules-*.e2e suites together (~15 s here; each case runs promtool once). Every
// unit-test file below goes through Debian's promtool 2.42 `test rules` and through `watchfire test rules`:
// the exit codes must match, and so must the failure report on stderr (promtool's diff of expected and
// got). Tests with rules in several groups list them in group_eval_order: without it promtool 2.42
// evaluates the groups in Go map order, which changes from run to run (and with it, what a rule sees of
// another's output).
const run = promisify(execFile)

/** Rule files the tests refer to, written beside them. */
const ruleFiles: Record<string, string> = {
  'recording.yml': `groups:
  - name: rec
    rules:
      - record: job:x:sum
        expr: sum by (job) (x)
      - record: job:x:rate5m
        expr: sum by (job) (rate(x[5m]))
`,
  'alerts.yml': `groups:
  - name: alerts
    rules:
      - alert: High
        expr: job:x:sum > 10
        for: 2m
        labels: {severity: page}
        annotations:
          summary: "{{ $labels.job }} at {{ $value }}"
          human: "{{ $value | humanize }} / {{ 0.25 | humanizePercentage }} / {{ 90 | humanizeDuration }}"
      - alert: Down
        expr: up == 0
        for: 1m
        keep_firing_for: 3m
        labels: {instance: "{{ $labels.instance }}-x", cluster: "{{ $externalLabels.cluster }}"}
        annotations:
          # promtool 2.42 crashes on externalURL in unit tests (nil pointer), so it stays out of the corpus.
          link: "{{ .Labels.job }}/{{ $value }}"
          upper: '{{ $labels.instance | toUpper }} {{ reReplaceAll "(.*)-(.*)" "$2" $labels.instance }}'
      - alert: Absent
        expr: absent(nothing)
`,
  'bad.yml': 'groups:\n  - name: b\n    rules:\n      - record: x\n        expr: sum(\n',
  'order.yml': `groups:
  - name: first
    rules:
      - record: a
        expr: vector(1)
  - name: second
    rules:
      - record: b
        expr: a + 1
`,
  'templates.yml': `groups:
  - name: t
    rules:
      - alert: T
        expr: metric_a * 7
        annotations:
          query_first_value: "{{ with query \\"metric_a\\" }}{{ . | first | value }}{{ end }}"
          label: "{{ with query \\"metric_a\\" }}{{ . | first | label \\"job\\" }}{{ end }}"
          strvalue: "{{ with query \\"metric_a\\" }}[{{ . | first | strvalue }}]{{ end }}"
          sortByLabel: "{{ range query \\"metric_b\\" | sortByLabel \\"i\\" }}{{ .Labels.i }}{{ end }}"
          args: "{{ define \\"x\\" }}{{ .arg0 }}-{{ .arg1 }}{{ end }}{{ template \\"x\\" args 1 \\"b\\" }}"
          reReplaceAll: "{{ reReplaceAll \\"(a+)\\" \\"<$1>\\" \\"baac\\" }}"
          safeHtml: "{{ \\"<b>\\" | safeHtml }}"
          match: "{{ match \\"^a.c$\\" \\"abc\\" }}"
          title: "{{ title \\"hello world\\" }}"
          toUpper: "{{ toUpper \\"abc\\" }}"
          toLower: "{{ toLower \\"ABC\\" }}"
          graphLink: "{{ graphLink \\"up{a=\\\\\\"b\\\\\\"}\\" }}"
          tableLink: "{{ tableLink \\"up\\" }}"
          stripPort: "{{ stripPort \\"host:9090\\" }}"
          stripDomain: "{{ stripDomain \\"host.example.com:9090\\" }}"
          humanize: "{{ humanize 1234567 }}"
          humanize1024: "{{ humanize1024 1048576 }}"
          humanizeDuration: "{{ humanizeDuration 3661 }}"
          humanizePercentage: "{{ humanizePercentage 0.1234 }}"
          humanizeTimestamp: "{{ humanizeTimestamp 1435065584.128 }}"
          toTime: "{{ toTime 1435065584 }}"
          value_var: "{{ $value }} {{ .Value }}"
          labels_var: "{{ $labels.job }} {{ .Labels.job }}"
`,
  'failing.yml': `groups:
  - name: f
    rules:
      - record: dup
        expr: x
        labels: {i: same}
`,
}

const input = `    input_series:
      - series: 'x{job="a",i="1"}'
        values: '0+5x10'
      - series: 'x{job="a",i="2"}'
        values: '1 2 _ stale 4'
      - series: 'up{instance="h1",job="n"}'
        values: '1 0 0 0 1 1 1 1 1'
`

const corpus: Record<string, string> = {
  'recording rules pass': `rule_files: [recording.yml]
tests:
  - interval: 1m
${input}    promql_expr_test:
      - expr: job:x:sum
        eval_time: 4m
        exp_samples:
          - labels: 'job:x:sum{job="a"}'
            value: 24
      - expr: x
        eval_time: 3m
        exp_samples:
          - labels: 'x{job="a",i="1"}'
            value: 15
`,
  'recording rule value differs': `rule_files: [recording.yml]
tests:
  - interval: 1m
${input}    promql_expr_test:
      - expr: job:x:sum
        eval_time: 4m
        exp_samples:
          - labels: 'job:x:sum{job="a"}'
            value: 20
`,
  'extra series in result': `rule_files: [recording.yml]
tests:
  - interval: 1m
${input}    promql_expr_test:
      - expr: x
        eval_time: 1m
        exp_samples:
          - labels: 'x{job="a",i="1"}'
            value: 5
`,
  'empty result expected and got': `rule_files: [recording.yml]
tests:
  - interval: 1m
${input}    promql_expr_test:
      - expr: nothing
        eval_time: 1m
`,
  'scalar result': `rule_files: [recording.yml]
tests:
  - input_series: []
    promql_expr_test:
      - expr: 1 + 2
        eval_time: 0m
        exp_samples:
          - labels: '{}'
            value: 3
`,
  'alert fires when for has elapsed': `rule_files: [recording.yml, alerts.yml]
group_eval_order: [rec, alerts]
tests:
  - interval: 1m
${input}    alert_rule_test:
      - eval_time: 3m
        alertname: High
      - eval_time: 5m
        alertname: High
        exp_alerts:
          - exp_labels: {severity: page, job: a}
            exp_annotations: {summary: "a at 29", human: "29 / 25% / 1m 30s"}
`,
  'alert annotation differs': `rule_files: [recording.yml, alerts.yml]
group_eval_order: [rec, alerts]
tests:
  - interval: 1m
    name: annotation check
${input}    alert_rule_test:
      - eval_time: 5m
        alertname: High
        exp_alerts:
          - exp_labels: {severity: page, job: a}
            exp_annotations: {summary: "a at 25", human: "29 / 25% / 1m 30s"}
`,
  'alert expected but pending': `rule_files: [recording.yml, alerts.yml]
group_eval_order: [rec, alerts]
tests:
  - interval: 1m
${input}    alert_rule_test:
      - eval_time: 2m30s
        alertname: High
        exp_alerts:
          - exp_labels: {severity: page, job: a}
`,
  'keep_firing_for with templated labels': `rule_files: [alerts.yml]
evaluation_interval: 1m
tests:
  - interval: 1m
    external_labels: {cluster: c1}
    external_url: http://prom.example
${input}    alert_rule_test:
      - eval_time: 1m
        alertname: Down
      - eval_time: 2m
        alertname: Down
        exp_alerts:
          - exp_labels: {instance: h1-x, job: n, cluster: c1}
            exp_annotations: {link: "n/0", upper: "H1 "}
      - eval_time: 6m
        alertname: Down
        exp_alerts:
          - exp_labels: {instance: h1-x, job: n, cluster: c1}
            exp_annotations: {link: "n/0", upper: "H1 "}
      - eval_time: 7m
        alertname: Down
`,
  'absent alert fires at once': `rule_files: [alerts.yml]
tests:
  - input_series: []
    alert_rule_test:
      - eval_time: 0m
        alertname: Absent
        exp_alerts:
          - exp_labels: {}
`,
  'evaluation interval of 30s': `rule_files: [recording.yml, alerts.yml]
group_eval_order: [rec, alerts]
evaluation_interval: 30s
tests:
  - interval: 1m
${input}    alert_rule_test:
      - eval_time: 4m30s
        alertname: High
        exp_alerts:
          - exp_labels: {severity: page, job: a}
            exp_annotations: {summary: "a at 26.5", human: "26.5 / 25% / 1m 30s"}
    promql_expr_test:
      - expr: job:x:sum
        eval_time: 4m30s
        exp_samples:
          - labels: 'job:x:sum{job="a"}'
            value: 26.5
`,
  'group evaluation order': `rule_files: [order.yml]
group_eval_order: [first, second]
tests:
  - input_series: []
    promql_expr_test:
      - expr: b
        eval_time: 0m
        exp_samples:
          - labels: 'b'
            value: 2
`,
  'stale markers and omitted values': `rule_files: [recording.yml]
tests:
  - interval: 1m
    input_series:
      - series: 'y'
        values: '1 _x3 stale 7'
    promql_expr_test:
      - expr: y
        eval_time: 3m
        exp_samples:
          - labels: 'y'
            value: 1
      - expr: y
        eval_time: 4m
      - expr: y
        eval_time: 5m
        exp_samples:
          - labels: 'y'
            value: 7
`,
  'several test groups, one failing': `rule_files: [recording.yml]
tests:
  - input_series: [{series: 'z', values: '1'}]
    promql_expr_test: [{expr: z, eval_time: 0m, exp_samples: [{labels: z, value: 1}]}]
  - input_series: [{series: 'z', values: '2'}]
    name: second
    promql_expr_test: [{expr: z, eval_time: 0m, exp_samples: [{labels: z, value: 1}]}]
`,
  'query error': `rule_files: [recording.yml]
tests:
  - input_series: []
    promql_expr_test:
      - expr: 'sum('
        eval_time: 0m
`,
  'rule evaluation error': `rule_files: [failing.yml]
tests:
  - input_series:
      - {series: 'x{i="1"}', values: '1'}
      - {series: 'x{i="2"}', values: '1'}
    promql_expr_test:
      - expr: dup
        eval_time: 1m
`,
  'bad rule file': `rule_files: [bad.yml]
tests:
  - input_series: []
`,
  'unknown field in test file': `rule_files: [recording.yml]
tests:
  - input_series: []
    promql_test: []
`,
  'bad duration in test file': `rule_files: [recording.yml]
evaluation_interval: 1x
tests: []
`,
  'bad input series': `rule_files: [recording.yml]
tests:
  - input_series: [{series: 'x{', values: '1'}]
`,
  'bad expected labels': `rule_files: [recording.yml]
tests:
  - input_series: []
    promql_expr_test:
      - expr: vector(1)
        eval_time: 0m
        exp_samples: [{labels: '{a=}', value: 1}]
`,
  'repeated group in evaluation order': `rule_files: [order.yml]
group_eval_order: [first, first]
tests: []
`,
  'every template function': `rule_files: [templates.yml]
tests:
  - input_series:
      - series: 'metric_a{job="j"}'
        values: '1'
      - series: 'metric_b{i="3"}'
        values: '1'
      - series: 'metric_b{i="1"}'
        values: '1'
      - series: 'metric_b{i="2"}'
        values: '1'
    alert_rule_test:
      - eval_time: 0m
        alertname: T
        exp_alerts:
          - exp_labels: {job: j}
            exp_annotations:
              query_first_value: "1"
              label: "j"
              strvalue: "[]"
              sortByLabel: "123"
              args: "1-b"
              reReplaceAll: "b<aa>c"
              safeHtml: "<b>"
              match: "true"
              title: "Hello World"
              toUpper: "ABC"
              toLower: "abc"
              graphLink: "/graph?g0.expr=up%7Ba%3D%22b%22%7D&g0.tab=0"
              tableLink: "/graph?g0.expr=up&g0.tab=1"
              stripPort: "host"
              stripDomain: "host:9090"
              humanize: "1.235M"
              humanize1024: "1Mi"
              humanizeDuration: "1h 1m 1s"
              humanizePercentage: "12.34%"
              humanizeTimestamp: "2015-06-23 13:19:44.128 +0000 UTC"
              toTime: "2015-06-23 13:19:44 +0000 UTC"
              value_var: "7 7"
              labels_var: "j j"
`,
  'no tests at all': `rule_files: [recording.yml]
`,
}

interface Outcome {
  code: number
  stderr: string
}

async function promtool(file: string): Promise<Outcome> {
  try {
    const { stderr } = await run(PROMTOOL_BIN, ['test', 'rules', file])
    return { code: 0, stderr }
  } catch (err) {
    const e = err as { code?: number; stderr?: string }
    return { code: e.code ?? -1, stderr: e.stderr ?? '' }
  }
}

async function watchfire(file: string): Promise<Outcome> {
  let stderr = ''
  const code = await main(['test', 'rules', file], {
    stdout: { write: () => true },
    stderr: { write: (text: string) => (stderr += text) },
    signal: new AbortController().signal,
  })
  return { code, stderr }
}

describe('watchfire test rules agrees with promtool test rules', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'watchfire-test-rules-'))
    for (const [name, text] of Object.entries(ruleFiles)) await writeFile(join(dir, name), text)
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('has a corpus of at least 15 unit-test files, passing and failing', () => {
    expect(Object.keys(corpus).length).toBeGreaterThanOrEqual(15)
  })

  it.each(Object.entries(corpus))('%s', async (name, yaml) => {
    const file = join(dir, `test-${name.replace(/[^a-z0-9]+/gi, '-')}.yml`)
    await writeFile(file, yaml)
    const theirs = await promtool(file)
    const ours = await watchfire(file)
    expect(ours.code, `promtool said:\n${theirs.stderr}\nwatchfire said:\n${ours.stderr}`).toBe(theirs.code)
    expect(ours.stderr).toBe(theirs.stderr)
  })
})
