import { describe, expect, it } from 'vitest'
import { Pair, KV, notificationData } from './data.js'
import { notificationDataFromJSON } from './data-json.js'
import { NotificationTemplates } from './notification-templates.js'

const data = notificationData(
  'team.x',
  { alertname: 'Down' },
  [
    {
      labels: { alertname: 'Down', instance: 'a', sev: 'page' },
      annotations: { summary: 'a <down>' },
      startsAtMs: 0,
      resolved: false,
    },
    {
      labels: { alertname: 'Down', instance: 'b', sev: 'page' },
      annotations: { summary: 'b down' },
      startsAtMs: 1000,
      resolved: true,
    },
  ],
  'http://am:9093',
)

describe('notification data', () => {
  it('derives status, common labels and annotations, and quotes the receiver', () => {
    expect(data.Status).toBe('firing')
    expect(Object.fromEntries(data.CommonLabels)).toEqual({ alertname: 'Down', sev: 'page' })
    expect(data.CommonAnnotations.size).toBe(0)
    expect(data.Receiver).toBe('team\\.x')
    expect(data.Alerts.Firing().map((a) => a.Labels.get('instance'))).toEqual(['a'])
    expect(data.Alerts.Resolved().map((a) => a.Labels.get('instance'))).toEqual(['b'])
  })

  it('sorts pairs with alertname first', () => {
    const kv = KV.from({ zeta: '1', alertname: 'A', beta: '2' })
    expect(kv.SortedPairs()).toEqual([
      new Pair('alertname', 'A'),
      new Pair('beta', '2'),
      new Pair('zeta', '1'),
    ])
    expect(kv.Names()).toEqual(['alertname', 'beta', 'zeta'])
    expect(kv.Remove(['beta']).Values()).toEqual(['A', '1'])
  })

  it.each([
    [[], 'not an object'],
    [{ alerts: {} }, 'alerts is not an array'],
    [{ alerts: [{ labels: { a: 1 } }] }, 'alerts[0].labels.a is not a string'],
    [{ alerts: [{ startsAt: 'yesterday' }] }, 'alerts[0].startsAt is not an RFC 3339 time'],
  ])('rejects malformed JSON data %j', (json, detail) => {
    expect(() => notificationDataFromJSON(json)).toThrow(`cannot read notification data (${detail})`)
  })
})

describe('NotificationTemplates', () => {
  const templates = NotificationTemplates.create([
    {
      name: 'user.tmpl',
      text: '{{ define "__alertmanager" }}Watchfire{{ end }}{{ define "mine" }}{{ .Status }}{{ end }}',
    },
  ])

  it.each([
    ['{{ template "email.default.subject" . }}', '[FIRING:1] Down (page)'],
    ['{{ template "__alertmanagerURL" . }}', 'http://am:9093/#/alerts?receiver=team%5C.x'],
    ['{{ template "slack.default.username" . }}', 'Watchfire'],
    ['{{ template "mine" . }}', 'firing'],
    ['{{ .CommonLabels.nope }}|', '|'],
    ['', ''],
  ])('renders %j', async (text, want) => {
    expect(await templates.executeText(text, data)).toBe(want)
  })

  it('renders the HTML email with escaped values, every alert and the link back', async () => {
    const html = await templates.executeHtml('{{ template "email.default.html" . }}', data)
    expect(html).toContain('<title>[FIRING:1] Down (page)</title>')
    expect(html).toContain('summary = a &lt;down&gt;')
    expect(html).toContain('[1] Firing')
    expect(html).toContain('[1] Resolved')
    expect(html).toContain('Sent by Watchfire')
  })

  it('lists the default templates by their Alertmanager names', () => {
    expect(templates.templateNames()).toEqual(
      expect.arrayContaining([
        '__subject',
        '__text_alert_list',
        'email.default.subject',
        'email.default.html',
      ]),
    )
  })
})
