import { status } from './api.js'
import { h, mount } from './dom.js'
import { formatDuration, formatTime } from './time.js'

/** Uptime, version, cluster state (always disabled: a single instance) and the loaded configuration. */
export async function renderStatus(main: HTMLElement): Promise<void> {
  const s = await status()
  const row = (k: string, v: string, id?: string): HTMLElement =>
    h('tr', {}, h('td', {}, k), h('td', id === undefined ? {} : { 'data-testid': id }, v))
  mount(
    main,
    h('h2', {}, 'Status'),
    h(
      'table',
      { class: 'kv' },
      row(
        'Uptime',
        `${formatDuration(Date.now() - Date.parse(s.uptime))} (since ${formatTime(s.uptime)})`,
        'uptime',
      ),
      row('Cluster', s.cluster.status),
      Object.entries(s.versionInfo)
        .filter(([, v]) => v !== '')
        .map(([k, v]) => row(k, v)),
    ),
    h('h2', {}, 'Config'),
    h('pre', { class: 'config', 'data-testid': 'config' }, s.config.original),
  )
}
