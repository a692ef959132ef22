import { renderAlerts } from './alerts-page.js'
import { h, mount, showError } from './dom.js'
import { renderSilenceForm } from './silence-form.js'
import { renderSilence, renderSilences } from './silences-page.js'
import { renderStatus } from './status-page.js'

// Hash routes as the original UI's: #/alerts, #/silences, #/silences/new, #/silences/<id>[/edit], #/status.
async function route(main: HTMLElement): Promise<void> {
  const hash = location.hash.replace(/^#/, '') || '/alerts'
  const [path = '', search = ''] = hash.split('?', 2)
  const params = new URLSearchParams(search)
  const parts = path.split('/').filter((p) => p !== '')
  for (const a of document.querySelectorAll<HTMLAnchorElement>('[data-nav]'))
    a.classList.toggle('active', a.dataset.nav === parts[0])
  showError(undefined)
  if (parts[0] === 'alerts' || parts.length === 0) return renderAlerts(main, params)
  if (parts[0] === 'status') return renderStatus(main)
  if (parts[0] === 'silences') {
    if (parts.length === 1) return renderSilences(main, params)
    if (parts[1] === 'new') return renderSilenceForm(main, params)
    const id = decodeURIComponent(parts[1] ?? '')
    if (parts[2] === 'edit') return renderSilenceForm(main, params, id)
    return renderSilence(main, id)
  }
  mount(main, h('p', {}, `No page at ${path}.`))
}

function start(): void {
  const main = document.getElementById('main')
  if (main === null) return
  const go = (): void => {
    main.dataset.loading = 'true'
    route(main)
      .catch((err: unknown) => showError(err instanceof Error ? err.message : String(err)))
      .finally(() => delete main.dataset.loading)
  }
  window.addEventListener('hashchange', go)
  go()
}

start()
