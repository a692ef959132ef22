import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { HttpClientConfig } from '../config/config-types.js'
import { authHeaders, tlsOptions } from '../scrape/scrape-http.js'
import { SERVER_VERSION } from '../server-metrics.js'

/** Why one post to an Alertmanager failed: a non-2xx answer, a timeout or a transport error. */
export class AlertmanagerSendError extends Error {
  readonly code = 'WATCHFIRE_ALERTMANAGER_SEND'
}

/** What one post needs besides the URL and body: the set's client settings and timeout. */
export interface PostOptions {
  httpClient: HttpClientConfig
  timeoutMs: number
  signal: AbortSignal
}

/**
 * Posts an encoded batch of alerts to one Alertmanager; resolves on any 2xx, rejects with
 * AlertmanagerSendError otherwise. Injectable so tests can stand in for the network.
 */
export type PostAlerts = (url: string, body: string, options: PostOptions) => Promise<void>

const USER_AGENT = `Prometheus/${SERVER_VERSION}`

/** The production {@link PostAlerts}: node:http(s) with the set's credentials, TLS settings and timeout. */
export const httpPostAlerts: PostAlerts = (url, body, { httpClient, timeoutMs, signal }) =>
  new Promise<void>((resolve, reject) => {
    const parsed = new URL(url)
    const request = parsed.protocol === 'https:' ? httpsRequest : httpRequest
    const timeout = AbortSignal.timeout(timeoutMs)
    const fail = (err: unknown): void =>
      reject(
        new AlertmanagerSendError(
          timeout.aborted ? 'context deadline exceeded' : err instanceof Error ? err.message : String(err),
          { cause: err },
        ),
      )
    let req
    try {
      req = request(
        parsed,
        {
          method: 'POST',
          headers: {
            ...authHeaders(httpClient),
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(body),
            'User-Agent': USER_AGENT,
          },
          signal: AbortSignal.any([signal, timeout]),
          ...(parsed.protocol === 'https:' ? tlsOptions(httpClient) : {}),
        },
        (res) => {
          const status = res.statusCode ?? 0
          res.resume()
          res.once('end', () => {
            if (Math.floor(status / 100) === 2) resolve()
            else
              reject(
                new AlertmanagerSendError(
                  `bad response status ${status} ${res.statusMessage ?? ''}`.trimEnd(),
                ),
              )
          })
          res.once('error', fail)
        },
      )
    } catch (err) {
      // Unreadable credential or certificate files surface here, before any request is made.
      fail(err)
      return
    }
    req.on('error', fail)
    req.end(body)
  })
