import { Labels } from '@watchfire/model'
import { Engine } from '@watchfire/promql'
import { MemoryStorage } from '@watchfire/storage'
import { beforeAll, describe, expect, it } from 'vitest'
import { AlertingRule } from './alerting-rule.js'
import { engineQueryFunc, type QueryFunc } from './query-func.js'
import { checkAlertTemplate } from './rule-template.js'

// Each expected text was checked against promtool 2.42 (`promtool test rules` with these
// annotations passes); pathPrefix and externalURL are not, as promtool 2.42 has no external URL.
const CASES: [string, string, string][] = [
  ['query_first_value', '{{ with query "metric_a" }}{{ . | first | value }}{{ end }}', '1'],
  ['label', '{{ with query "metric_a" }}{{ . | first | label "job" }}{{ end }}', 'j'],
  ['strvalue', '{{ with query "metric_a" }}[{{ . | first | strvalue }}]{{ end }}', '[]'],
  ['sortByLabel', '{{ range query "metric_b" | sortByLabel "i" }}{{ .Labels.i }}{{ end }}', '123'],
  ['args', '{{ define "x" }}{{ .arg0 }}-{{ .arg1 }}{{ end }}{{ template "x" args 1 "b" }}', '1-b'],
  ['reReplaceAll', '{{ reReplaceAll "(a+)" "<$1>" "baac" }}', 'b<aa>c'],
  ['safeHtml', '{{ "<b>" | safeHtml }}', '<b>'],
  ['match', '{{ match "^a.c$" "abc" }}', 'true'],
  ['title', '{{ title "hello world" }}', 'Hello World'],
  ['toUpper', '{{ toUpper "abc" }}', 'ABC'],
  ['toLower', '{{ toLower "ABC" }}', 'abc'],
  ['graphLink', '{{ graphLink "up{a=\\"b\\"}" }}', '/graph?g0.expr=up%7Ba%3D%22b%22%7D&g0.tab=0'],
  ['tableLink', '{{ tableLink "up" }}', '/graph?g0.expr=up&g0.tab=1'],
  ['stripPort', '{{ stripPort "host:9090" }}', 'host'],
  ['stripDomain', '{{ stripDomain "host.example.com:9090" }}', 'host:9090'],
  ['humanize', '{{ humanize 1234567 }}', '1.235M'],
  ['humanize1024', '{{ humanize1024 1048576 }}', '1Mi'],
  ['humanizeDuration', '{{ humanizeDuration 3661 }}', '1h 1m 1s'],
  ['humanizePercentage', '{{ humanizePercentage 0.1234 }}', '12.34%'],
  ['humanizeTimestamp', '{{ humanizeTimestamp 1435065584.128 }}', '2015-06-23 13:19:44.128 +0000 UTC'],
  ['toTime', '{{ toTime 1435065584 }}', '2015-06-23 13:19:44 +0000 UTC'],
  ['value_var', '{{ $value }} {{ .Value }}', '7 7'],
  ['labels_var', '{{ $labels.job }} {{ .Labels.job }}', 'j j'],
  ['pathPrefix', '{{ pathPrefix }}', '/prom'],
  ['externalURL', '{{ externalURL }}', 'http://x.example/prom'],
]

describe('alert templates', () => {
  let query: QueryFunc
  beforeAll(async () => {
    const storage = new MemoryStorage()
    const app = storage.appender()
    app.append(0, Labels.fromRecord({ __name__: 'metric_a', job: 'j' }), 0, 1)
    for (const i of ['3', '1', '2']) app.append(0, Labels.fromRecord({ __name__: 'metric_b', i }), 0, 1)
    await app.commit()
    query = engineQueryFunc(new Engine(), storage)
  })

  it('covers every function of Prometheus 2.42 alert templates', () => {
    const used = new Set(CASES.flatMap(([, text]) => [...text.matchAll(/[a-zA-Z0-9]+/g)].map((m) => m[0])))
    for (const fn of [
      'query',
      'first',
      'value',
      'label',
      'strvalue',
      'sortByLabel',
      'args',
      'reReplaceAll',
      'safeHtml',
      'match',
      'title',
      'toUpper',
      'toLower',
      'graphLink',
      'tableLink',
      'stripPort',
      'stripDomain',
      'humanize',
      'humanize1024',
      'humanizeDuration',
      'humanizePercentage',
      'humanizeTimestamp',
      'toTime',
      'pathPrefix',
      'externalURL',
    ])
      expect(used.has(fn), fn).toBe(true)
  })

  it.each(CASES)('%s', async (name, text, want) => {
    const rule = new AlertingRule({
      name: 'T',
      expr: 'metric_a * 7',
      forMs: 0,
      keepFiringForMs: 0,
      labels: {},
      annotations: { [name]: text },
      restored: true,
    })
    const errors: Error[] = []
    await rule.eval({
      timeMs: 0,
      queryOffsetMs: 0,
      query,
      limit: 0,
      externalLabels: {},
      externalURL: 'http://x.example/prom',
      onTemplateError: (e) => errors.push(e),
    })
    expect(errors).toEqual([])
    expect(rule.activeAlerts()[0]?.annotations.get(name)).toBe(want)
  })

  it.each([
    ['{{ $labels.x }}', undefined],
    ['{{ tmpl "a" . }}', 'template: __alert_T:1: function "tmpl" not defined'],
    ['{{ if }}', 'template: __alert_T:1: missing value for if'],
  ])('checks %s when a rule file is loaded', (text, problem) => {
    expect(checkAlertTemplate('T', text)).toBe(problem)
  })
})
