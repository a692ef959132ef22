import { describe, expect, it } from 'vitest'
import { parseText } from '@watchfire/model'
import { parseGroupingPath } from './grouping-key.js'
import { MetricStore } from './store.js'
import { escapeHtml, groupPath, renderStatusPage } from './ui.js'

function store(): MetricStore {
  const s = new MetricStore()
  const families = new Map(parseText('# HELP x <b>bold</b>\nx{v="<script>"} 1\n').map((f) => [f.name, f]))
  s.commit(s.planPush(parseGroupingPath('/job/a/path@base64/L3Zhcg'), families, true, Date.UTC(2024, 0, 1)))
  return s
}

const options = {
  pathPrefix: '/pg',
  flags: { 'web.listen-address': ':9091' },
  startTimeMs: 0,
  version: 'test',
}

describe('renderStatusPage', () => {
  it('shows each group with its labels, last push time and expandable metrics, escaped', () => {
    const html = renderStatusPage(store().all(), { ...options, adminApi: false })
    expect(html).toContain('job=&quot;a&quot;')
    expect(html).toContain('path=&quot;/var&quot;')
    expect(html).toContain('last push: 2024-01-01T00:00:00.000Z')
    expect(html).toContain('<details class="family"><summary>x')
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt;')
    expect(html).not.toContain('<script>"')
    expect(html).not.toContain('Delete group')
    expect(html).toContain('web.listen-address')
  })

  it('offers delete buttons only with the admin API', () => {
    const html = renderStatusPage(store().all(), { ...options, adminApi: true })
    expect(html).toContain('data-path="/job@base64/YQ/path@base64/L3Zhcg"')
    expect(html).toContain('Delete all groups')
    expect(html).toContain('const prefix = "/pg"')
  })

  it('says so when nothing was pushed', () => {
    expect(renderStatusPage([], { ...options, adminApi: false })).toContain('No metrics pushed yet.')
  })
})

describe('helpers', () => {
  it('escapes HTML', () =>
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;'))
  it('builds a base64 path that round-trips through the grouping-key parser', () => {
    const [group] = store().all()
    expect(group && parseGroupingPath(groupPath(group))).toEqual(group?.labels)
  })
})
