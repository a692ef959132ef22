import { hostname } from 'node:os'

/** Thrown for a --web.external-url that cannot be used. */
export class ExternalUrlError extends Error {
  readonly code = 'WATCHFIRE_EXTERNAL_URL'
}

/**
 * The URL the server is reachable under (--web.external-url), as Prometheus computes it: when
 * not given, `http://<hostname>:<port of the listen address>`; a trailing slash of the path is
 * dropped so links can be appended. Used for alerts' generatorURL and the `externalURL` template
 * function.
 */
export function computeExternalURL(flag: string | undefined, listenAddress: string): string {
  let raw = flag ?? ''
  if (raw === '') {
    const port = /:(\d*)$/.exec(listenAddress)?.[1] ?? ''
    raw = `http://${hostname()}:${port}/`
  }
  if (/^["']|["']$/.test(raw))
    throw new ExternalUrlError(`cannot use external URL ${raw} (URL must not begin or end with quotes)`)
  let url: URL
  try {
    url = new URL(raw)
  } catch (err) {
    throw new ExternalUrlError(`cannot parse external URL ${JSON.stringify(raw)}`, { cause: err })
  }
  const path = url.pathname.replace(/\/+$/, '')
  return `${url.protocol}//${url.host}${path}${url.search}`
}
