import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { NotificationTemplates, notificationDataFromJSON } from '@watchfire/template'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const AMTOOL_BIN = process.env.AMTOOL_BIN ?? '/usr/bin/amtool'
const SEPARATOR = '\n@@case@@\n'
// Debian's amtool has no built-in defaults; its package ships Alertmanager's own default.tmpl and email.tmpl.
const ORIGINAL_DEFAULTS = process.env.AM_DEFAULT_TEMPLATES ?? '/usr/share/prometheus/alertmanager/*.tmpl'

const DATA = {
  receiver: 'team-x.pager',
  status: 'firing',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'HighLatency', severity: 'page', instance: 'web-1:8080', job: 'api' },
      annotations: { summary: 'Latency is <high> & rising', runbook: 'https://runbooks/latency' },
      startsAt: '2024-03-05T07:08:09.123Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus:9090/graph?g0.expr=x',
      fingerprint: 'a1b2c3',
    },
    {
      status: 'firing',
      labels: { alertname: 'HighLatency', severity: 'page', instance: 'web-2:8080', job: 'api' },
      annotations: { summary: 'Latency is <high> & rising' },
      startsAt: '2024-03-05T17:00:00Z',
      endsAt: '2024-03-05T18:30:00.5+02:00',
      generatorURL: 'http://prometheus:9090/graph?g0.expr=y',
      fingerprint: 'd4e5f6',
    },
    {
      status: 'resolved',
      labels: { alertname: 'HighLatency', severity: 'page', instance: 'web-3:8080', job: 'api' },
      annotations: {},
      startsAt: '2024-03-04T23:59:59Z',
      endsAt: '2024-03-05T00:10:00Z',
      generatorURL: 'http://prometheus:9090/graph?g0.expr=z',
      fingerprint: '0789ab',
    },
  ],
  groupLabels: { alertname: 'HighLatency', job: 'api' },
  commonLabels: { alertname: 'HighLatency', severity: 'page', job: 'api' },
  commonAnnotations: { summary: 'Latency is <high> & rising' },
  externalURL: 'https://am.example.com',
}

const USER_TEMPLATES = `{{ define "custom.title" }}[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} ({{ len .Alerts }}){{ end }}
{{ define "custom.list" }}{{ range .Alerts.Firing }}* {{ .Labels.instance }} since {{ .StartsAt.Format "Jan _2 15:04:05.000 MST" }}
{{ end }}{{ end }}`

// Text cases rendered together in one amtool call, separated by a marker.
const TEXT_CASES = [
  '{{ template "email.default.subject" . }}',
  '{{ template "__subject" . }}',
  '{{ template "__alertmanagerURL" . }}',
  '{{ template "__alertmanager" . }}',
  '{{ template "__text_alert_list" .Alerts }}',
  '{{ template "slack.default.title" . }}',
  '{{ template "slack.default.fallback" . }}',
  '{{ template "pagerduty.default.description" . }}',
  '{{ template "pagerduty.default.instances" .Alerts.Firing }}',
  '{{ template "opsgenie.default.message" . }}',
  '{{ template "custom.title" . }}',
  '{{ template "custom.list" . }}',
  '{{ .Status }} {{ .Receiver }} {{ .ExternalURL }}',
  '{{ len .Alerts }} {{ len .Alerts.Firing }} {{ .Alerts.Resolved | len }}',
  '{{ .GroupLabels.SortedPairs.Names | join "," }} {{ .CommonLabels.Values | join "|" }}',
  '{{ .CommonLabels.SortedPairs }}',
  '{{ (.CommonLabels.Remove .GroupLabels.Names).Names }} {{ (.CommonLabels.Remove (stringSlice "severity" "job")).SortedPairs }}',
  '{{ range .Alerts }}{{ .Status }} {{ .Labels.instance }} {{ .StartsAt }} {{ .EndsAt }}\n{{ end }}',
  '{{ range .Alerts }}{{ .StartsAt.Format "2006-01-02T15:04:05Z07:00 Mon Jan 2 3:04PM .000 .999" }}|{{ end }}',
  '{{ range .Alerts }}{{ .EndsAt.Unix }} {{ .EndsAt.UTC }}|{{ end }}',
  '{{ range $i, $a := .Alerts.Resolved }}{{ $i }}: {{ $a.Fingerprint }} {{ $a.GeneratorURL }}{{ end }}',
  '{{ .CommonLabels.nope }}|{{ index .CommonLabels "nope" }}|{{ .CommonAnnotations.summary }}',
  '{{ title "hELLO wORLD foo.bar x-y" }} {{ toUpper "abc" }} {{ toLower "ÀBC" }}',
  '{{ reReplaceAll "web-(\\\\d)" "node$1" "web-1 web-2" }} {{ match "^web" "web-1" }}',
  '{{ with .CommonAnnotations.summary }}{{ . }}{{ else }}none{{ end }}',
  '{{ range .CommonLabels.SortedPairs }}{{ .Name }}={{ .Value }};{{ end }}',
  '{{ printf "%v|%s|%q" .GroupLabels .CommonLabels.job .Receiver }}',
  '{{ if eq .Status "firing" }}🔥 {{ .Alerts.Firing | len }}{{ else }}✅{{ end }}',
  '{{ range .Alerts }}{{ range .Annotations.SortedPairs }}{{ .Name }}:{{ .Value }} {{ end }}{{ end }}',
  '{{ .Alerts.Firing }}',
]

const HTML_CASES = [
  '{{ .CommonAnnotations.summary }}',
  '{{ safeHtml "<b>bold</b>" }} {{ "a+b" }}',
  '{{ template "email.default.subject" . }}',
  '{{ range .Alerts.Firing }}<li>{{ .Labels.instance }}</li>{{ end }}',
]

let dir: string
// Outside CI a machine without amtool skips this suite; in CI it runs, and fails if amtool is missing.
const available =
  (existsSync(AMTOOL_BIN) && existsSync(ORIGINAL_DEFAULTS.replace('*.tmpl', 'default.tmpl'))) ||
  process.env.CI === 'true'

async function amtool(text: string, type: 'text' | 'html'): Promise<string> {
  const { stdout } = await run(AMTOOL_BIN, [
    'template',
    'render',
    `--template.glob=${ORIGINAL_DEFAULTS}`,
    `--template.glob=${join(dir, 'user.tmpl')}`,
    `--template.text=${text}`,
    `--template.type=${type}`,
    `--template.data=${join(dir, 'data.json')}`,
  ])
  return stdout
}

// Budget: ~2 s. amtool (Debian's Alertmanager 0.25) renders the same texts with Go, same data and user file.
describe.skipIf(!available)('notification templates: parity with amtool template render', () => {
  const templates = NotificationTemplates.create([{ name: 'user.tmpl', text: USER_TEMPLATES }])
  const data = notificationDataFromJSON(DATA)

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wf-template-amtool-'))
    await writeFile(join(dir, 'data.json'), JSON.stringify(DATA))
    await writeFile(join(dir, 'user.tmpl'), USER_TEMPLATES)
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it(`renders ${TEXT_CASES.length} text templates as Alertmanager does`, async () => {
    const go = (await amtool(TEXT_CASES.join(SEPARATOR), 'text')).split(SEPARATOR)
    const ours = await Promise.all(TEXT_CASES.map((t) => templates.executeText(t, data)))
    expect(go).toHaveLength(TEXT_CASES.length)
    TEXT_CASES.forEach((t, i) => expect({ t, out: ours[i] }).toEqual({ t, out: go[i] }))
  })

  it.each(HTML_CASES)('renders HTML %j as Alertmanager does', async (text) => {
    expect(await templates.executeHtml(text, data)).toBe(await amtool(text, 'html'))
  })

  it('renders a user template that differs from the default differently, so the comparison can fail', async () => {
    const go = await amtool('{{ template "custom.title" . }}', 'text')
    const other = NotificationTemplates.create([
      { name: 'user.tmpl', text: '{{ define "custom.title" }}other{{ end }}' },
    ])
    expect(await other.executeText('{{ template "custom.title" . }}', data)).not.toBe(go)
  })

  it.each([
    ['{{ .Nope.Foo }}', "can't evaluate field Nope in type template.Data"],
    ['{{ template "missing" . }}', 'template "missing" not defined'],
    ['{{ join "," .Status }}', 'wrong type for value; expected []string; got string'],
  ])('fails on %j with the same message', async (text, detail) => {
    const go = await amtool(text, 'text').then(
      () => '',
      (e: { stderr?: string }) => e.stderr ?? '',
    )
    expect(go).toContain(detail)
    await expect(templates.executeText(text, data)).rejects.toThrow(detail)
  })
})
