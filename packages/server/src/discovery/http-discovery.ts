import { Readable } from 'node:stream'
import { HttpClient } from '@watchfire/http-client'
import type { HttpClientConfig, HttpSdConfig } from '../config/config-types.js'
import { parseTargetGroups } from './parse-target-groups.js'
import type { DiscoveryLog } from './file-discovery.js'
import { toTargetGroups, type Discoverer, type TargetGroup } from './target-group.js'

/** Fetches a URL with the config's credentials; injectable so tests and the scraper share one HTTP client. */
export type SdFetch = (url: string, headers: Record<string, string>, signal: AbortSignal) => Promise<Response>

/**
 * http_sd_configs: GETs the URL every refresh interval and replaces the job's groups with the JSON
 * list it returns (each labelled `__meta_url`). A failed refresh keeps the previous groups.
 */
export class HttpDiscovery implements Discoverer {
  private readonly config: HttpSdConfig
  private readonly log: DiscoveryLog
  private readonly fetchFn: SdFetch
  private sent = 0

  constructor(
    config: HttpSdConfig,
    log: DiscoveryLog = () => {},
    fetchFn: SdFetch = httpClientFetch(config.httpClient),
  ) {
    this.config = config
    this.log = log
    this.fetchFn = fetchFn
  }

  async run(signal: AbortSignal, send: (groups: TargetGroup[]) => void): Promise<void> {
    while (!signal.aborted) {
      try {
        const groups = await this.refresh(signal)
        if (!signal.aborted) send(groups)
      } catch (err) {
        if (!signal.aborted) this.log(`cannot refresh HTTP SD ${this.config.url} (${(err as Error).message})`)
      }
      await new Promise<void>((resolve) => {
        // The listener goes with each wait: one left per refresh would pile up on the long-lived signal.
        const done = (): void => {
          clearTimeout(timer)
          signal.removeEventListener('abort', done)
          resolve()
        }
        const timer = setTimeout(done, this.config.refreshIntervalMs)
        signal.addEventListener('abort', done, { once: true })
      })
    }
  }

  /** One fetch; returns the new groups plus withdrawals of groups the endpoint no longer lists. */
  async refresh(signal: AbortSignal): Promise<TargetGroup[]> {
    const headers: Record<string, string> = { Accept: 'application/json' }
    const auth = this.config.httpClient.authorization
    if (auth !== undefined && auth.credentials !== '')
      headers.Authorization = `${auth.type} ${auth.credentials}`
    const basic = this.config.httpClient.basicAuth
    if (basic !== undefined)
      headers.Authorization = `Basic ${Buffer.from(`${basic.username}:${basic.password}`).toString('base64')}`
    const res = await this.fetchFn(this.config.url, headers, signal)
    if (res.status !== 200) throw new Error(`server returned HTTP status ${res.status} ${res.statusText}`)
    const type = res.headers.get('content-type') ?? ''
    if (!/^application\/json\b/i.test(type))
      throw new Error(`unsupported content type ${JSON.stringify(type)}`)
    const groups = toTargetGroups(parseTargetGroups(await res.text(), 'json'), `${this.config.url}:`, {
      __meta_url: this.config.url,
    })
    const out = [...groups]
    for (let i = groups.length; i < this.sent; i++)
      out.push({ source: `${this.config.url}:${i}`, targets: [], labels: {} })
    this.sent = groups.length
    return out
  }
}

/** An SdFetch over the shared HTTP client: the config's credentials files, oauth2, TLS, proxy and redirects. */
function httpClientFetch(config: HttpClientConfig): SdFetch {
  const client = new HttpClient(config)
  return async (url, headers, signal) => {
    const res = await client.request(url, { headers, signal })
    const responseHeaders = new Headers()
    for (const [name, value] of Object.entries(res.headers))
      if (typeof value === 'string') responseHeaders.set(name, value)
    const status = res.statusCode ?? 0
    // A Response refuses a body for these statuses.
    const bodyless = status === 204 || status === 205 || status === 304
    if (bodyless) res.resume()
    return new Response(bodyless ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), {
      status,
      statusText: res.statusMessage ?? '',
      headers: responseHeaders,
    })
  }
}
