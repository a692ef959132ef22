import type { ServerResponse } from 'node:http'
import type { Answer } from './gateway.js'

/** CORS headers of the JSON API, as the original sets them. */
export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Headers': 'Accept, Authorization, Content-Type, Origin',
  'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Date',
  'Cache-Control': 'no-cache, no-store, must-revalidate',
}

/** Sends a complete answer with its Content-Length. */
export function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body
  res.writeHead(status, { 'Content-Length': String(bytes.length), ...headers })
  res.end(bytes)
}

/** Sends a handler's answer as plain text; like Go's http.Error, messages end with a newline. */
export function sendText(res: ServerResponse, answer: Answer): void {
  const body = answer.body === '' ? '' : answer.body + '\n'
  send(res, answer.status, body, body === '' ? {} : { 'Content-Type': 'text/plain; charset=utf-8' })
}

/** Go's router's answer to an unknown path. */
export function sendNotFound(res: ServerResponse): void {
  send(res, 404, '404 page not found\n', { 'Content-Type': 'text/plain; charset=utf-8' })
}
