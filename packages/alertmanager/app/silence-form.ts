import { alerts, saveSilence, silence, type ApiMatcher } from './api.js'
import { h, mount, showError } from './dom.js'
import { flagsOf, formatMatchers, operatorOf, parseMatcherList, type Operator } from './matchers.js'
import { formatDuration, parseDuration } from './time.js'

const OPERATORS: Operator[] = ['=', '!=', '=~', '!~']
const CREATOR_KEY = 'watchfire.alertmanager.createdBy'

interface MatcherRow {
  el: HTMLElement
  read(): ApiMatcher
}

function matcherRow(m: ApiMatcher, remove: (row: MatcherRow) => void): MatcherRow {
  const name = h('input', {
    type: 'text',
    name: 'matcher-name',
    placeholder: 'name',
    value: m.name,
  }) as HTMLInputElement
  const op = h(
    'select',
    { name: 'matcher-op' },
    OPERATORS.map((o) => h('option', { value: o, selected: o === operatorOf(m) }, o)),
  ) as HTMLSelectElement
  const value = h('input', {
    type: 'text',
    class: 'wide',
    name: 'matcher-value',
    placeholder: 'value',
    value: m.value,
  }) as HTMLInputElement
  const row: MatcherRow = {
    el: h('div', { class: 'matcher-row', 'data-testid': 'matcher' }),
    read: () => ({ name: name.value.trim(), value: value.value, ...flagsOf(op.value as Operator) }),
  }
  row.el.append(name, op, value, h('button', { type: 'button', onclick: () => remove(row) }, '×'))
  return row
}

/**
 * The silence editor: new (matchers prefilled from `?filter=` when coming from an alert) or editing an existing
 * silence (an expired one is recreated under a new id, as the original's API does).
 */
export async function renderSilenceForm(
  main: HTMLElement,
  params: URLSearchParams,
  editId?: string,
): Promise<void> {
  const now = Date.now()
  let initial: ApiMatcher[] = parseMatcherList(params.get('filter') ?? '') ?? []
  let startsAt = new Date(now).toISOString()
  let endsAt = new Date(now + 2 * 3600_000).toISOString()
  let createdBy = localStorage.getItem(CREATOR_KEY) ?? ''
  let comment = ''
  let id: string | undefined
  if (editId !== undefined) {
    const s = await silence(editId)
    initial = s.matchers
    createdBy = s.createdBy
    comment = s.comment
    if (s.status.state !== 'expired') {
      id = s.id
      startsAt = s.startsAt
      endsAt = s.endsAt
    } else endsAt = new Date(now + Date.parse(s.endsAt) - Date.parse(s.startsAt)).toISOString()
  }
  if (initial.length === 0) initial = [{ name: '', value: '', isRegex: false, isEqual: true }]

  const rows: MatcherRow[] = []
  const list = h('div', { 'data-testid': 'matchers' })
  const remove = (row: MatcherRow): void => {
    rows.splice(rows.indexOf(row), 1)
    row.el.remove()
  }
  const add = (m: ApiMatcher): void => {
    const row = matcherRow(m, remove)
    rows.push(row)
    list.append(row.el)
  }
  initial.forEach(add)

  const input = (name: string, value: string): HTMLInputElement =>
    h('input', { type: 'text', name, value }) as HTMLInputElement
  const start = input('startsAt', startsAt)
  const duration = input('duration', formatDuration(Date.parse(endsAt) - Date.parse(startsAt)))
  const end = input('endsAt', endsAt)
  const creator = input('createdBy', createdBy)
  const text = h('textarea', { name: 'comment' }, comment) as HTMLTextAreaElement
  const preview = h('span', { class: 'muted', 'data-testid': 'preview' })
  // Duration and end follow each other; a new start moves the end by the same duration.
  const fromDuration = (): void => {
    const d = parseDuration(duration.value)
    const s = Date.parse(start.value)
    if (d !== undefined && !Number.isNaN(s)) end.value = new Date(s + d).toISOString()
  }
  const fromEnd = (): void => {
    const e = Date.parse(end.value)
    const s = Date.parse(start.value)
    if (!Number.isNaN(e) && !Number.isNaN(s)) duration.value = formatDuration(e - s)
  }
  start.addEventListener('change', fromDuration)
  duration.addEventListener('change', fromDuration)
  end.addEventListener('change', fromEnd)

  const matchers = (): ApiMatcher[] => rows.map((r) => r.read()).filter((m) => m.name !== '')
  const showPreview = async (): Promise<void> => {
    const found = await alerts({ filter: formatMatchers(matchers()), silenced: true, inhibited: true })
    preview.textContent = `${found.length} alert${found.length === 1 ? '' : 's'} match now`
  }
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault()
    const s = Date.parse(start.value)
    const en = Date.parse(end.value)
    if (Number.isNaN(s) || Number.isNaN(en))
      return showError('cannot save silence (start or end is not a date)')
    localStorage.setItem(CREATOR_KEY, creator.value)
    const saved = await saveSilence({
      ...(id !== undefined ? { id } : {}),
      matchers: matchers(),
      startsAt: new Date(s).toISOString(),
      endsAt: new Date(en).toISOString(),
      createdBy: creator.value,
      comment: text.value,
    })
    location.hash = `#/silences/${saved}`
  }
  const fail = (err: unknown): void => showError((err as Error).message)
  mount(
    main,
    h('h2', {}, id !== undefined ? 'Edit silence' : 'New silence'),
    h(
      'form',
      {
        class: 'silence-form',
        'data-testid': 'silence-form',
        onsubmit: (e: Event) => void submit(e).catch(fail),
      },
      h('label', {}, 'Matchers', list),
      h(
        'div',
        {},
        h(
          'button',
          { type: 'button', onclick: () => add({ name: '', value: '', isRegex: false, isEqual: true }) },
          'Add matcher',
        ),
        ' ',
        h('button', { type: 'button', onclick: () => void showPreview().catch(fail) }, 'Preview alerts'),
        ' ',
        preview,
      ),
      h(
        'div',
        { class: 'times' },
        h('label', {}, 'Start', start),
        h('label', {}, 'Duration', duration),
        h('label', {}, 'End', end),
      ),
      h('label', {}, 'Creator', creator),
      h('label', {}, 'Comment', text),
      h(
        'div',
        {},
        h(
          'button',
          { type: 'submit', class: 'primary', 'data-testid': 'save-silence' },
          id !== undefined ? 'Update' : 'Create',
        ),
      ),
    ),
  )
}
