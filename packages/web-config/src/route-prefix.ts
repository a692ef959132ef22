import type { ServerResponse } from 'node:http'

/**
 * The route prefix as Prometheus, the Alertmanager and the Pushgateway compute it from
 * --web.route-prefix and --web.external-url: the flag, else the external URL's path; `/` becomes
 * `''`, anything else gets one leading slash and no trailing one.
 */
export function computeRoutePrefix(prefix: string | undefined, externalUrl: string | undefined): string {
  let out = prefix ?? ''
  if (out === '' && externalUrl !== undefined && externalUrl !== '') out = new URL(externalUrl).pathname
  out = out.replace(/^\/+|\/+$/g, '')
  return out === '' ? '' : `/${out}`
}

/** Where a request lands relative to the route prefix: inside it, redirected, answered at the root, or nowhere. */
export type PrefixedRoute =
  | { kind: 'inside'; path: string }
  | { kind: 'redirect'; status: 301 | 302; location: string }
  | { kind: 'root-options' }
  | { kind: 'root-method-not-allowed' }
  | { kind: 'outside' }

/**
 * Places a request path under the route prefix the way the originals' routers (httprouter under
 * prometheus/common/route) do: GET of the bare root answers 302 to the prefix (query dropped), GET of
 * the prefix without its slash 301 to the prefix with one (query kept); the root answers OPTIONS and
 * refuses other methods (HEAD too) with 405; any other path outside the prefix is not served. Inside,
 * `path` is what follows the prefix (`/` at least).
 */
export function placeUnderPrefix(
  method: string,
  pathname: string,
  search: string,
  prefix: string,
): PrefixedRoute {
  if (prefix === '') return { kind: 'inside', path: pathname }
  if (pathname.startsWith(`${prefix}/`)) return { kind: 'inside', path: pathname.slice(prefix.length) }
  if (pathname === '/') {
    if (method === 'GET') return { kind: 'redirect', status: 302, location: prefix }
    return method === 'OPTIONS' ? { kind: 'root-options' } : { kind: 'root-method-not-allowed' }
  }
  if (pathname === prefix && method === 'GET')
    return { kind: 'redirect', status: 301, location: `${prefix}/${search}` }
  return { kind: 'outside' }
}

/** Answers a request {@link placeUnderPrefix} did not place inside the prefix, as the originals do. */
export function answerOutsidePrefix(
  res: ServerResponse,
  method: string,
  placed: Exclude<PrefixedRoute, { kind: 'inside' }>,
): void {
  switch (placed.kind) {
    case 'redirect':
      return sendRedirect(res, method, placed.status, placed.location)
    case 'root-options':
      res.writeHead(200, { Allow: 'GET, OPTIONS', 'Content-Length': 0 }).end()
      return
    case 'root-method-not-allowed':
      return sendPlain(res, 405, 'Method Not Allowed\n', { Allow: 'GET, OPTIONS' })
    case 'outside':
      return sendPlain(res, 404, '404 page not found\n')
  }
}

/** Go's http.Error: a plain-text body that may not be sniffed, with its length. */
function sendPlain(
  res: ServerResponse,
  status: number,
  body: string,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...extra,
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Content-Length': Buffer.byteLength(body),
  })
  res.end(body)
}

// Go's html.EscapeString, which http.Redirect uses for the link.
const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&#34;',
  "'": '&#39;',
}

const STATUS_TEXT: Readonly<Record<301 | 302, string>> = { 301: 'Moved Permanently', 302: 'Found' }

/** Sends a redirect as Go's http.Redirect does: an HTML body with the link, none for HEAD. */
export function sendRedirect(res: ServerResponse, method: string, status: 301 | 302, location: string): void {
  const escaped = location.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c)
  const body = method === 'GET' ? `<a href="${escaped}">${STATUS_TEXT[status]}</a>.\n\n` : ''
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    Location: location,
    'Content-Length': Buffer.byteLength(body),
  })
  res.end(body)
}
