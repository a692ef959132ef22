/**
 * The web UI's pages, each one path segment under the UI's prefix. Shared by the browser app (its router) and
 * the Node handler (which answers these paths with index.html), so the two cannot drift apart.
 */
export const UI_PAGES = [
  'query',
  'alerts',
  'targets',
  'service-discovery',
  'rules',
  'status',
  'flags',
  'config',
  'tsdb-status',
] as const

/** One of the web UI's pages. */
export type UiPage = (typeof UI_PAGES)[number]
