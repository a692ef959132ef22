import { describe, expect, it } from 'vitest'
import { AlertTemplateData, expandAlertTemplate } from './alert.js'
import { prometheusFuncs } from './funcs.js'

const data = new AlertTemplateData(
  { instance: 'db-1:9104', job: 'mysql' },
  { cluster: 'eu' },
  'http://prom:9090/prefix',
  0.93,
)
const funcs = prometheusFuncs({
  externalURL: 'http://prom:9090/prefix',
  query: async (expr) =>
    expr === 'none'
      ? []
      : [
          { labels: { instance: 'b' }, value: 2 },
          { labels: { instance: 'a' }, value: 1 },
        ],
})

describe('expandAlertTemplate', () => {
  it.each([
    ['{{ $labels.instance }} at {{ $value | humanizePercentage }}', 'db-1:9104 at 93%'],
    [
      '{{ $externalLabels.cluster }} {{ $externalURL }} {{ pathPrefix }} {{ externalURL }}',
      'eu http://prom:9090/prefix /prefix http://prom:9090/prefix',
    ],
    ['{{ $labels.nope }}|', '|'],
    ['{{ with query "q" }}{{ . | first | value }}{{ end }}', '2'],
    ['{{ range query "q" | sortByLabel "instance" }}{{ .Labels.instance }}{{ end }}', 'ab'],
    ['{{ with query "none" }}x{{ else }}empty{{ end }}', 'empty'],
    [
      '{{ (query "q" | first).Value }} {{ query "q" | first | label "instance" }} {{ query "q" | first | strvalue }}|',
      '2 b |',
    ],
    ['{{ define "x" }}<{{ . }}>{{ end }}{{ tmpl "x" 1 }}', '<1>'],
    ['{{ safeHtml "<b>" }}', '<b>'],
  ])('%s', async (text, want) => {
    const result = await expandAlertTemplate('Test', text, data, funcs)
    expect(result.error).toBeUndefined()
    expect(result.text).toBe(want)
  })

  it.each([
    [
      '{{ query "none" | first }}',
      'error calling first: first() called on vector with no elements',
      'ERR_TEMPLATE_EXEC',
    ],
    [
      '{{ nope }}',
      'error parsing template __alert_Test: template: __alert_Test:1: function "nope" not defined',
      'ERR_TEMPLATE_PARSE',
    ],
  ])('renders the failure of %s into the text instead of throwing', async (text, message, code) => {
    const result = await expandAlertTemplate('Test', text, data, funcs)
    expect(result.text).toMatch(/^<error expanding template: /)
    expect(result.text).toContain(message)
    expect(result.error).toMatchObject({ code })
  })

  it('fails the query function cleanly when none is configured', async () => {
    const result = await expandAlertTemplate('Test', '{{ query "up" }}', data, prometheusFuncs())
    expect(result.text).toContain('error calling query: no query function configured')
  })
})
