// The shell: navigation and client-side routing between pages, all below the UI's base path.
import { useEffect, useState } from 'preact/hooks'
import type { JSX } from 'preact'
import { uiBase } from './lib/api.js'
import { pageFromPath, type Page } from './lib/routes.js'
import { QueryPage } from './query/query-page.js'
import { TargetsPage } from './pages/targets-page.js'
import { ServiceDiscoveryPage } from './pages/service-discovery-page.js'
import { RulesPage } from './pages/rules-page.js'
import { AlertsPage } from './pages/alerts-page.js'
import { StatusPage } from './pages/status-page.js'
import { FlagsPage } from './pages/flags-page.js'
import { ConfigPage } from './pages/config-page.js'
import { TsdbStatusPage } from './pages/tsdb-status-page.js'

const TITLES: Record<Page, string> = {
  query: 'Query',
  alerts: 'Alerts',
  targets: 'Targets',
  'service-discovery': 'Service Discovery',
  rules: 'Rules',
  status: 'Runtime & Build Information',
  flags: 'Command-Line Flags',
  config: 'Configuration',
  'tsdb-status': 'TSDB Status',
}

const STATUS_PAGES: Page[] = [
  'status',
  'tsdb-status',
  'flags',
  'config',
  'rules',
  'targets',
  'service-discovery',
]

/** Moves to another page without a reload; links keep working as plain links for new tabs. */
export function navigate(page: Page, search = ''): void {
  history.pushState(null, '', `${uiBase()}${page}${search}`)
  dispatchEvent(new PopStateEvent('popstate'))
}

function NavLink({ page, current }: { page: Page; current: Page | null }): JSX.Element {
  return (
    <a
      href={`${uiBase()}${page}`}
      aria-current={page === current ? 'page' : undefined}
      onClick={(e) => {
        if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey) return
        e.preventDefault()
        ;(e.currentTarget.closest('details') as HTMLDetailsElement | null)?.removeAttribute('open')
        navigate(page)
      }}
    >
      {TITLES[page]}
    </a>
  )
}

/** The whole app. */
export function App(): JSX.Element {
  const [page, setPage] = useState<Page | null>(() => pageFromPath(location.pathname, uiBase()))
  useEffect(() => {
    const onPop = (): void => setPage(pageFromPath(location.pathname, uiBase()))
    addEventListener('popstate', onPop)
    return () => removeEventListener('popstate', onPop)
  }, [])
  useEffect(() => {
    document.title = `${page === null ? 'Not found' : TITLES[page]} · Watchfire`
  }, [page])
  return (
    <>
      <nav class="nav" aria-label="Main">
        <a class="brand" href={`${uiBase()}query`}>
          Watchfire
        </a>
        <NavLink page="query" current={page} />
        <NavLink page="alerts" current={page} />
        <details>
          <summary>Status ▾</summary>
          <div class="menu">
            {STATUS_PAGES.map((p) => (
              <NavLink key={p} page={p} current={page} />
            ))}
          </div>
        </details>
      </nav>
      <main>{renderPage(page)}</main>
    </>
  )
}

function renderPage(page: Page | null): JSX.Element {
  switch (page) {
    case 'query':
      return <QueryPage />
    case 'targets':
      return <TargetsPage />
    case 'service-discovery':
      return <ServiceDiscoveryPage />
    case 'rules':
      return <RulesPage />
    case 'alerts':
      return <AlertsPage />
    case 'status':
      return <StatusPage />
    case 'flags':
      return <FlagsPage />
    case 'config':
      return <ConfigPage />
    case 'tsdb-status':
      return <TsdbStatusPage />
    case null:
      return <p>This page does not exist.</p>
  }
}
