import type { IncomingMessage, ServerResponse } from 'node:http'
import { BasicAuthVerifier, parseBasicAuth } from './basic-auth.js'
import type { WebConfigSource } from './web-config-source.js'
import { stderrWebLog, type WebLog } from './web-log.js'

/** A Node request listener, as `http.createServer` takes. */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void

/** Options of {@link withWebConfig}. */
export interface WebHandlerOptions {
  /** Shared verifier (and so shared cache); a new one by default. */
  verifier?: BasicAuthVerifier
  log?: WebLog
}

function refuse(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    ...extra,
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
  })
  res.end(`${text}\n`)
}

/**
 * Wraps a handler with the request-level part of a web configuration: the configured response
 * headers on every answer and, when `basic_auth_users` is not empty, basic auth (401 with
 * `WWW-Authenticate: Basic` when missing or wrong). The file is consulted on every request, as
 * the toolkit does, so added or removed users apply at once; an unreadable file answers 500.
 */
export function withWebConfig(
  source: WebConfigSource,
  handler: RequestHandler,
  options: WebHandlerOptions = {},
): RequestHandler {
  const verifier = options.verifier ?? new BasicAuthVerifier()
  const log = options.log ?? stderrWebLog
  return (req, res) => {
    let users: ReadonlyMap<string, string>
    try {
      const config = source.current()
      for (const [name, value] of config.httpServerConfig.headers) res.setHeader(name, value)
      users = config.basicAuthUsers
    } catch (err) {
      log('error', 'Unable to parse configuration', { err: (err as Error).message })
      refuse(res, 500, 'Internal Server Error')
      return
    }
    if (users.size === 0) {
      handler(req, res)
      return
    }
    const credentials = parseBasicAuth(req.headers.authorization)
    if (credentials === undefined) {
      refuse(res, 401, 'Unauthorized', { 'WWW-Authenticate': 'Basic' })
      return
    }
    verifier.verify(users, credentials.user, credentials.password).then(
      (ok) => (ok ? handler(req, res) : refuse(res, 401, 'Unauthorized', { 'WWW-Authenticate': 'Basic' })),
      (err: unknown) => {
        log('error', 'cannot verify basic auth', { err: String(err) })
        refuse(res, 500, 'Internal Server Error')
      },
    )
  }
}
