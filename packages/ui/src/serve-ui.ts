import type { IncomingMessage, ServerResponse } from 'node:http'
import { join, normalize, sep } from 'node:path'
import { sendStaticFile } from '@watchfire/web-config'
import { uiAssetsDir } from './assets-dir.js'
import { UI_PAGES } from './pages.js'

/** Options of {@link serveUi}. */
export interface ServeUiOptions {
  /** The path the UI lives under, like --web.route-prefix: '' or '/' for the root, or '/prometheus'. */
  prefix?: string
  /** Where the built app is; defaults to this package's dist/app. */
  assetsDir?: string
}

/**
 * Answers a request for the web UI and returns true, or returns false without touching `res` when the path
 * is not the UI's (so the caller can try its API routes or send a 404). The prefix root and `/graph` redirect to
 * `/query` (keeping the query string, so Prometheus links work); page paths get index.html; `/assets/*` are
 * content-hashed files cached for a year. Only GET and HEAD are answered.
 */
export async function serveUi(
  req: IncomingMessage,
  res: ServerResponse,
  options: ServeUiOptions = {},
): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false
  const prefix = (options.prefix ?? '').replace(/\/+$/, '')
  const dir = options.assetsDir ?? uiAssetsDir()
  const url = new URL(req.url ?? '/', 'http://ui.invalid')
  if (url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) return false
  const path = url.pathname.slice(prefix.length)

  if (path === '' || path === '/' || path === '/graph') {
    res.writeHead(302, { Location: `${prefix}/query${url.search}` })
    res.end()
    return true
  }
  const page = path.slice(1).replace(/\/$/, '')
  if ((UI_PAGES as readonly string[]).includes(page))
    return (await sendStaticFile(req, res, join(dir, 'index.html'), 'no-cache')) || notFound(res)
  if (path.startsWith('/assets/')) {
    const file = normalize(join(dir, decodeURIComponent(path)))
    // A `..` in the path must not leave the assets folder.
    if (!file.startsWith(join(dir, 'assets') + sep)) return notFound(res)
    return (await sendStaticFile(req, res, file, 'public, max-age=31536000, immutable')) || notFound(res)
  }
  return false
}

function notFound(res: ServerResponse): true {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
  res.end('404 page not found\n')
  return true
}
