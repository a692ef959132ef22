import type { Metric, MetricFamily } from '@watchfire/model'
import { formatText } from '@watchfire/model'
import type { Group } from './store.js'
import { PUSH_FAILURE_TIME_NAME, PUSH_TIME_NAME, lastPushSuccessful } from './store.js'

/** What the status page shows besides the groups. */
export interface StatusPageOptions {
  /** The external path prefix, so links and the delete calls work behind a proxy. */
  pathPrefix: string
  /** Whether delete buttons are shown (they need --web.enable-admin-api, as in the original). */
  adminApi: boolean
  flags: Readonly<Record<string, string>>
  startTimeMs: number
  version: string
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Escapes text for HTML element content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string)
}

/** The push path of a group, every value base64url-encoded so any value survives the URL. */
export function groupPath(group: Group): string {
  const segment = (name: string, value: string): string =>
    `/${name}@base64/${value === '' ? '=' : Buffer.from(value, 'utf8').toString('base64url')}`
  let path = segment('job', group.labels.job ?? '')
  for (const [name, value] of Object.entries(group.labels)) if (name !== 'job') path += segment(name, value)
  return path
}

function labelBadges(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .map(([n, v]) => `<span class="label">${escapeHtml(n)}="${escapeHtml(v)}"</span>`)
    .join(' ')
}

function pushSeconds(group: Group, name: string): number {
  return group.families.get(name)?.family.metrics[0]?.value ?? 0
}

function formatSeconds(seconds: number): string {
  return seconds === 0 ? 'never' : new Date(seconds * 1000).toISOString()
}

function familySection(family: MetricFamily): string {
  const sample = (m: Metric): MetricFamily => ({ ...family, metrics: [m] })
  const rows = family.metrics
    .map(
      (m) =>
        `<pre>${escapeHtml(
          formatText([sample(m)])
            .split('\n')
            .filter((l) => !l.startsWith('#'))
            .join('\n'),
        )}</pre>`,
    )
    .join('')
  return `<details class="family"><summary>${escapeHtml(family.name)} <small>${escapeHtml(family.type)}, ${family.metrics.length} metric(s)</small></summary><p>${escapeHtml(family.help)}</p>${rows}</details>`
}

function groupSection(group: Group, options: StatusPageOptions): string {
  const ok = lastPushSuccessful(group)
  const remove = options.adminApi
    ? `<button class="delete" data-path="${escapeHtml(groupPath(group))}">Delete group</button>`
    : ''
  const families = [...group.families.values()].map((s) => familySection(s.family)).join('')
  return `<details class="group"><summary>${labelBadges(group.labels)} <span class="${ok ? 'ok' : 'failed'}">last push: ${formatSeconds(pushSeconds(group, PUSH_TIME_NAME))}${ok ? '' : `, failed at ${formatSeconds(pushSeconds(group, PUSH_FAILURE_TIME_NAME))}`}</span> ${remove}</summary>${families}</details>`
}

/** The web UI: one expandable entry per group (labels, last push time, families), delete buttons when allowed. */
export function renderStatusPage(groups: Iterable<Group>, options: StatusPageOptions): string {
  const sections = [...groups].map((g) => groupSection(g, options)).join('\n')
  const flags = Object.entries(options.flags)
    .map(([n, v]) => `<tr><th>${escapeHtml(n)}</th><td>${escapeHtml(v)}</td></tr>`)
    .join('')
  // `<` escaped so a prefix cannot close the script element.
  const prefix = JSON.stringify(options.pathPrefix).replace(/</g, '\\u003c')
  const wipe = options.adminApi ? '<button id="wipe">Delete all groups</button>' : ''
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Pushgateway</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em;color:#222}details{margin:.4em 0}details.group{border:1px solid #ccc;border-radius:4px;padding:.4em}
.label{background:#eef;border-radius:3px;padding:0 .3em;font-family:monospace}.ok{color:#070}.failed{color:#b00}
pre{margin:.2em 0 .2em 1em;background:#f6f6f6;padding:.2em}details.family{margin-left:1em}button.delete{margin-left:1em}
</style></head><body>
<h1>Pushgateway <small>${escapeHtml(options.version)}</small></h1>
<p>Started ${escapeHtml(new Date(options.startTimeMs).toISOString())}. ${wipe}</p>
<h2>Metric groups</h2>
${sections === '' ? '<p>No metrics pushed yet.</p>' : sections}
<h2>Flags</h2><table>${flags}</table>
<script>
const prefix = ${prefix};
async function send(method, path) {
  const res = await fetch(prefix + path, { method });
  if (!res.ok) alert('Request failed: ' + res.status + ' ' + (await res.text()));
  location.reload();
}
for (const b of document.querySelectorAll('button.delete')) {
  b.addEventListener('click', (e) => { e.preventDefault(); if (confirm('Delete this group?')) send('DELETE', '/metrics' + b.dataset.path); });
}
const wipe = document.getElementById('wipe');
if (wipe) wipe.addEventListener('click', () => { if (confirm('Delete ALL groups?')) send('PUT', '/api/v1/admin/wipe'); });
</script>
</body></html>
`
}
