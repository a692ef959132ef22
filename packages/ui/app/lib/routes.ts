// How a path under the UI's base maps to one of its pages.
import { UI_PAGES, type UiPage } from '../../src/pages.js'

/** One of the app's pages. */
export type Page = UiPage

/** The page for a path below the base; `/graph` and the bare base are the expression browser, unknown is null. */
export function pageFromPath(pathname: string, base: string): Page | null {
  const rest = pathname.startsWith(base) ? pathname.slice(base.length) : pathname.replace(/^\//, '')
  const segment = rest.replace(/\/+$/, '')
  if (segment === '' || segment === 'graph') return 'query'
  return (UI_PAGES as readonly string[]).includes(segment) ? (segment as Page) : null
}
