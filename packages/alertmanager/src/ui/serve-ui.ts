import type { IncomingMessage, ServerResponse } from 'node:http'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sendStaticFile } from '@watchfire/web-config'

// Not content-hashed: revalidate so an upgrade is picked up at once.
const CACHE_CONTROL = 'no-cache'

/** Where the UI's files are: the hand-written page and styles, and the browser modules tsc builds. */
export interface UiDirs {
  /** index.html, style.css, favicon.svg (app/static in this package). */
  staticDir: string
  /** The compiled browser modules (dist/app in this package). */
  scriptDir: string
}

/** This package's UI folders; the same whether this module runs from src/ui (tests) or dist/ui. */
export function uiDirs(): UiDirs {
  const packageDir = dirname(dirname(dirname(fileURLToPath(import.meta.url))))
  return { staticDir: join(packageDir, 'app', 'static'), scriptDir: join(packageDir, 'dist', 'app') }
}

// A flat file name: no folders, so nothing outside the two UI folders can be named.
const FILE = /^[a-z0-9-]+\.(?:js|css|svg)$/

/**
 * Answers the web UI's requests and returns true, or returns false without touching `res` for other paths:
 * `/` (the page, whose hash routes are the original's #/alerts, #/silences, #/status), `/static/<file>` and
 * `/app/<module>.js`. Only GET and HEAD.
 */
export async function serveUi(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  dirs: UiDirs = uiDirs(),
): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false
  if (path === '/' || path === '/index.html')
    return sendStaticFile(req, res, join(dirs.staticDir, 'index.html'), CACHE_CONTROL)
  const m = /^\/(static|app)\/([^/]+)$/.exec(path)
  if (m === null || !FILE.test(m[2] ?? '')) return false
  const dir = m[1] === 'static' ? dirs.staticDir : dirs.scriptDir
  return sendStaticFile(req, res, join(dir, m[2] ?? ''), CACHE_CONTROL)
}
