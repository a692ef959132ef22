import { HttpClient } from '@watchfire/http-client'
import type { HttpClientConfig } from '../config/config-types.js'
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

// One client per Alertmanager set's settings, so oauth2 tokens and kept-alive connections are reused
// between posts; a reload brings new settings objects, and the old clients go with them.
const clients = new WeakMap<HttpClientConfig, HttpClient>()

function clientFor(config: HttpClientConfig): HttpClient {
  let client = clients.get(config)
  if (client === undefined) {
    client = new HttpClient(config, { keepAliveSockets: 4 })
    clients.set(config, client)
  }
  return client
}

/**
 * The production {@link PostAlerts}: the shared HTTP client with the set's credentials (oauth2 and
 * `*_file` secrets included), TLS settings, proxy and redirects, and the set's timeout.
 */
export const httpPostAlerts: PostAlerts = async (url, body, { httpClient, timeoutMs, signal }) => {
  const timeout = AbortSignal.timeout(timeoutMs)
  let status: number
  let message: string
  try {
    const res = await clientFor(httpClient).request(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': USER_AGENT },
      body: Buffer.from(body),
      signal: AbortSignal.any([signal, timeout]),
    })
    status = res.statusCode ?? 0
    message = res.statusMessage ?? ''
    res.resume()
    await new Promise<void>((resolve, reject) => {
      res.once('end', resolve)
      res.once('error', reject)
    })
  } catch (err) {
    throw new AlertmanagerSendError(
      timeout.aborted ? 'context deadline exceeded' : err instanceof Error ? err.message : String(err),
      { cause: err },
    )
  }
  if (Math.floor(status / 100) !== 2)
    throw new AlertmanagerSendError(`bad response status ${status} ${message}`.trimEnd())
}
