import { alerts, expireSilence, silence, silences, type ApiSilence } from './api.js'
import { h, labelChip, mount, showError } from './dom.js'
import { formatMatcher } from './matchers.js'
import { formatTime, relative } from './time.js'

type State = ApiSilence['status']['state']
const STATES: State[] = ['active', 'pending', 'expired']

function expireButton(s: ApiSilence, after: () => void): HTMLElement | null {
  if (s.status.state === 'expired') return null
  return h(
    'button',
    {
      class: 'danger',
      'data-testid': 'expire-silence',
      onclick: () => {
        expireSilence(s.id).then(after, (err: unknown) => showError((err as Error).message))
      },
    },
    'Expire',
  )
}

function silenceCard(s: ApiSilence, after: () => void): HTMLElement {
  const when =
    s.status.state === 'pending'
      ? `starts ${relative(s.startsAt)}`
      : s.status.state === 'active'
        ? `ends ${relative(s.endsAt)}`
        : `expired ${relative(s.endsAt)}`
  return h(
    'div',
    { class: 'silence', 'data-testid': 'silence', 'data-id': s.id, 'data-state': s.status.state },
    h(
      'div',
      { class: 'line' },
      h('span', { class: `badge ${s.status.state}` }, s.status.state),
      s.matchers.map((m) => h('span', { class: 'chip' }, formatMatcher(m))),
      h(
        'span',
        { class: 'actions', style: 'margin-left:auto;display:flex;gap:.5em' },
        h('a', { href: `#/silences/${s.id}` }, h('button', {}, 'View')),
        h(
          'a',
          { href: `#/silences/${s.id}/edit`, 'data-testid': 'edit-silence' },
          h('button', {}, s.status.state === 'expired' ? 'Recreate' : 'Edit'),
        ),
        expireButton(s, after),
      ),
    ),
    h(
      'div',
      { class: 'meta' },
      `${when} · ${formatTime(s.startsAt)} – ${formatTime(s.endsAt)} · by ${s.createdBy}`,
      s.comment !== '' ? h('div', {}, s.comment) : null,
    ),
  )
}

/** The silences list: one tab per state, each silence with edit and expire. */
export async function renderSilences(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const all = await silences()
  const tab = (STATES as string[]).includes(params.get('state') ?? '')
    ? (params.get('state') as State)
    : 'active'
  const shown = all.filter((s) => s.status.state === tab)
  const rerender = (): void => void renderSilences(main, params).catch((e: unknown) => showError(String(e)))
  mount(
    main,
    h(
      'div',
      { class: 'tabs' },
      STATES.map((st) =>
        h(
          'button',
          {
            class: st === tab ? 'selected' : undefined,
            'data-testid': `tab-${st}`,
            onclick: () => (location.hash = `#/silences?state=${st}`),
          },
          `${st[0]?.toUpperCase()}${st.slice(1)} (${all.filter((s) => s.status.state === st).length})`,
        ),
      ),
    ),
    shown.length === 0
      ? h('p', { class: 'muted' }, `No ${tab} silences.`)
      : shown.map((s) => silenceCard(s, rerender)),
  )
}

/** One silence with the alerts it mutes now. */
export async function renderSilence(main: HTMLElement, id: string): Promise<void> {
  const [s, muted] = await Promise.all([silence(id), alerts({ filter: '', silenced: true, inhibited: true })])
  const affected = muted.filter((a) => a.status.silencedBy.includes(id))
  const rerender = (): void => void renderSilence(main, id).catch((e: unknown) => showError(String(e)))
  mount(
    main,
    h('h2', {}, 'Silence'),
    silenceCard(s, rerender),
    h(
      'table',
      { class: 'kv' },
      h('tr', {}, h('td', {}, 'ID'), h('td', {}, s.id)),
      h('tr', {}, h('td', {}, 'Updated'), h('td', {}, formatTime(s.updatedAt))),
    ),
    h('h3', {}, `Affected alerts (${affected.length})`),
    affected.map((a) =>
      h(
        'div',
        { class: 'silence' },
        Object.keys(a.labels)
          .sort()
          .map((n) => labelChip(n, a.labels[n] ?? '')),
      ),
    ),
  )
}
