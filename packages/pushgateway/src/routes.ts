import { posix } from 'node:path'

/**
 * Go's ServeMux path cleaning: `.`/`..` resolved and repeated slashes folded, keeping a trailing slash. A request
 * whose path is not clean gets a 301 to the clean one, as in the original.
 */
export function cleanPath(path: string): string {
  if (path === '') return '/'
  let clean = posix.normalize(path.startsWith('/') ? path : '/' + path)
  if (clean.length > 1 && clean.endsWith('/') && !path.endsWith('/')) clean = clean.slice(0, -1)
  if (path.endsWith('/') && !clean.endsWith('/')) clean += '/'
  return clean
}

/** What a request path routes to. */
export type Route =
  | { kind: 'healthy' | 'ready' | 'telemetry' | 'status' | 'quit' | 'quit-unprefixed' | 'api-status' }
  | { kind: 'api-metrics' | 'api-wipe' | 'api-options' }
  | { kind: 'push'; groupPath: string }
  | { kind: 'not-found' }

/** Maps a cleaned, percent-decoded path to its route, given the route prefix and the telemetry path. */
export function route(path: string, prefix: string, telemetryPath: string, method: string): Route {
  if (path === '/-/quit' && prefix !== '') return { kind: 'quit-unprefixed' }
  if (method !== 'OPTIONS' && path === posix.join(prefix === '' ? '/' : prefix, telemetryPath)) {
    return { kind: 'telemetry' }
  }
  if (prefix !== '' && path !== prefix && !path.startsWith(prefix + '/')) return { kind: 'not-found' }
  const rel = path.slice(prefix.length)
  if (rel.startsWith('/api/v1/')) {
    if (method === 'OPTIONS') return { kind: 'api-options' }
    if (rel === '/api/v1/status') return { kind: 'api-status' }
    if (rel === '/api/v1/metrics') return { kind: 'api-metrics' }
    if (rel === '/api/v1/admin/wipe') return { kind: 'api-wipe' }
    return { kind: 'not-found' }
  }
  if (rel.startsWith('/metrics/job/') || rel.startsWith('/metrics/job@base64/')) {
    return { kind: 'push', groupPath: rel.slice('/metrics'.length) }
  }
  switch (rel) {
    case '/-/healthy':
      return { kind: 'healthy' }
    case '/-/ready':
      return { kind: 'ready' }
    case '/-/quit':
      return { kind: 'quit' }
    case '/':
    case '':
    case '/status':
      return { kind: 'status' }
    default:
      return { kind: 'not-found' }
  }
}
