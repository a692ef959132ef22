import { alertGroups, type ApiAlert, type ApiAlertGroup } from './api.js'
import { h, labelChip, mount } from './dom.js'
import { formatMatchers, matchersForLabels } from './matchers.js'
import { formatTime, relative } from './time.js'

function stateBadges(a: ApiAlert): HTMLElement[] {
  const out: HTMLElement[] = []
  for (const id of a.status.silencedBy)
    out.push(
      h('a', { class: 'badge silenced', href: `#/silences/${id}`, title: `silence ${id}` }, 'silenced'),
    )
  if (a.status.inhibitedBy.length > 0)
    out.push(
      h('span', { class: 'badge inhibited', title: `by ${a.status.inhibitedBy.join(', ')}` }, 'inhibited'),
    )
  if (out.length === 0) out.push(h('span', { class: 'badge active' }, a.status.state))
  return out
}

function alertRow(a: ApiAlert): HTMLElement {
  const newSilence = `#/silences/new?filter=${encodeURIComponent(formatMatchers(matchersForLabels(a.labels)))}`
  const annotations = Object.entries(a.annotations)
  return h(
    'div',
    {
      class: 'alert',
      'data-testid': 'alert',
      'data-fingerprint': a.fingerprint,
      'data-state': a.status.state,
    },
    h(
      'div',
      { class: 'line' },
      h('span', { 'data-testid': 'state' }, stateBadges(a)),
      h('span', { class: 'muted', title: formatTime(a.startsAt) }, relative(a.startsAt)),
      Object.keys(a.labels)
        .sort()
        .map((n) => labelChip(n, a.labels[n] ?? '')),
      h(
        'span',
        { class: 'actions' },
        a.generatorURL !== undefined && a.generatorURL !== ''
          ? h('a', { href: a.generatorURL, target: '_blank', rel: 'noreferrer' }, 'Source')
          : null,
        h('a', { href: newSilence, 'data-testid': 'silence-alert' }, h('button', {}, 'Silence')),
      ),
    ),
    annotations.length > 0
      ? h(
          'dl',
          { class: 'annotations' },
          annotations.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
        )
      : null,
  )
}

function groupBox(g: ApiAlertGroup): HTMLElement {
  const names = Object.keys(g.labels).sort()
  return h(
    'section',
    { class: 'group', 'data-testid': 'group' },
    h(
      'header',
      {},
      names.length > 0
        ? names.map((n) => labelChip(n, g.labels[n] ?? ''))
        : h('span', { class: 'muted' }, 'not grouped'),
      h('span', { class: 'muted' }, `${g.alerts.length} alert${g.alerts.length === 1 ? '' : 's'}`),
      h('span', { class: 'receiver' }, `receiver: ${g.receiver.name}`),
    ),
    g.alerts.map(alertRow),
  )
}

/**
 * The alerts page: alerts as the routing tree groups them (one box per aggregation group and receiver), with
 * their silenced/inhibited state and a button that opens a silence prefilled with the alert's labels.
 */
export async function renderAlerts(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const query = {
    filter: params.get('filter') ?? '',
    silenced: params.get('silenced') !== 'false',
    inhibited: params.get('inhibited') !== 'false',
  }
  const groups = await alertGroups(query)
  const filter = h('input', {
    type: 'text',
    class: 'wide',
    name: 'filter',
    placeholder: '{alertname="…", severity=~"page|critical"}',
    value: query.filter,
  }) as HTMLInputElement
  const box = (name: string, checked: boolean): HTMLInputElement =>
    h('input', { type: 'checkbox', name, checked }) as HTMLInputElement
  const silenced = box('silenced', query.silenced)
  const inhibited = box('inhibited', query.inhibited)
  const apply = (e: Event): void => {
    e.preventDefault()
    const p = new URLSearchParams()
    if (filter.value.trim() !== '') p.set('filter', filter.value.trim())
    if (!silenced.checked) p.set('silenced', 'false')
    if (!inhibited.checked) p.set('inhibited', 'false')
    const next = `#/alerts${p.size > 0 ? `?${p}` : ''}`
    if (location.hash === next) void renderAlerts(main, p)
    else location.hash = next
  }
  silenced.addEventListener('change', apply)
  inhibited.addEventListener('change', apply)
  const total = groups.reduce((n, g) => n + g.alerts.length, 0)
  mount(
    main,
    h(
      'form',
      { class: 'toolbar', onsubmit: apply },
      filter,
      h('button', { type: 'submit' }, 'Filter'),
      h('label', {}, silenced, ' Silenced'),
      h('label', {}, inhibited, ' Inhibited'),
      h('span', { class: 'muted' }, `${total} alert${total === 1 ? '' : 's'} in ${groups.length} groups`),
    ),
    groups.length === 0 ? h('p', { class: 'muted' }, 'No alerts.') : groups.map(groupBox),
  )
}
