import http from 'node:http'
import https from 'node:https'
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http'
import { gzipSync } from 'node:zlib'
import { register } from '../global-registry.js'
import { PushgatewayError, PushgatewayStatusError, PushgatewayTimeoutError, describe } from './errors.js'
import { groupingKeyPath } from './grouping-key.js'

/** What a Pushgateway pushes: anything that renders an exposition and names its content type, like a Registry. */
export interface PushRegistry {
  metrics(): Promise<string>
  readonly contentType: string
}

/** Which group to push to: the job name and the other grouping labels (prom-client's `Pushgateway.Parameters`). */
export interface PushParameters {
  jobName: string
  groupings?: Readonly<Record<string, string>>
}

/** The gateway's answer: the response (already read) and its body as text. */
export interface PushResult {
  resp: IncomingMessage
  body: string
}

/**
 * Pushgateway options: prom-client's (any `http.request`/`https.request` option is passed through, e.g. `agent`,
 * `ca`, `rejectUnauthorized`), with `timeout` as a deadline for the whole request.
 */
export interface PushgatewayOptions extends Omit<
  https.RequestOptions,
  'method' | 'path' | 'host' | 'hostname' | 'port' | 'protocol' | 'auth' | 'timeout'
> {
  /** Reject pushes without a job name (default true); false sends them to `/metrics` for non-standard gateways. */
  requireJobName?: boolean
  /** Basic-auth credentials, as `user:password` or an object; overrides credentials in the gateway URL. */
  auth?: string | { username: string; password: string }
  /** Extra request headers; `Content-Encoding: gzip` compresses the pushed body. */
  headers?: OutgoingHttpHeaders
  /** Give up (and reject with `PushgatewayTimeoutError`) when the gateway has not answered within this many ms. */
  timeout?: number
}

type Method = 'PUT' | 'POST' | 'DELETE'

/**
 * Pushes a registry's metrics to a Prometheus Pushgateway: prom-client's `Pushgateway`, on node:http/https only.
 *
 * `push` replaces the whole group (PUT), `pushAdd` replaces only the pushed metric families (POST), `delete`
 * removes the group (DELETE). Every method resolves to `{ resp, body }` on a 2xx answer and rejects with a
 * `PushgatewayError` otherwise (a `PushgatewayStatusError` carrying status and body for non-2xx answers).
 */
export class Pushgateway {
  private readonly registry: PushRegistry
  private readonly requireJobName: boolean
  private readonly transport: typeof http | typeof https
  private readonly requestOptions: https.RequestOptions
  private readonly headers: OutgoingHttpHeaders
  private readonly basePath: string
  private readonly timeoutMs: number | undefined
  private readonly origin: string

  /**
   * @param url the gateway's base URL, `http(s)://[user:password@]host[:port][/prefix]`
   * @param options see {@link PushgatewayOptions}
   * @param registry what to push; the global registry by default
   */
  constructor(url: string, options: PushgatewayOptions = {}, registry: PushRegistry = register) {
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch (cause) {
      throw new PushgatewayError(
        'ERR_PUSHGATEWAY_ARGUMENT',
        `cannot create a Pushgateway client (invalid URL ${JSON.stringify(url)})`,
        { cause },
      )
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new PushgatewayError(
        'ERR_PUSHGATEWAY_ARGUMENT',
        `cannot create a Pushgateway client (URL must be http or https, got ${JSON.stringify(parsed.protocol)})`,
      )
    }
    const { requireJobName = true, auth, headers = {}, timeout, ...passThrough } = options
    if (timeout !== undefined && !(timeout > 0)) {
      throw new PushgatewayError(
        'ERR_PUSHGATEWAY_ARGUMENT',
        `cannot create a Pushgateway client (timeout must be a positive number of ms, got ${timeout})`,
      )
    }
    this.registry = registry
    this.requireJobName = requireJobName
    this.transport = parsed.protocol === 'https:' ? https : http
    this.headers = headers
    this.timeoutMs = timeout
    this.basePath = parsed.pathname.replace(/\/+$/, '')
    this.requestOptions = {
      ...passThrough,
      protocol: parsed.protocol,
      // URL keeps IPv6 literals bracketed; http.request wants them bare.
      hostname: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: parsed.port === '' ? undefined : Number(parsed.port),
      auth: credentials(auth, parsed),
    }
    // Error messages name the URL; `origin` never includes credentials.
    this.origin = parsed.origin
  }

  /** Replaces the pushed metric families within the group (HTTP POST). */
  pushAdd(params: PushParameters): Promise<PushResult> {
    return this.send('POST', params)
  }

  /** Replaces every metric of the group (HTTP PUT). */
  push(params: PushParameters): Promise<PushResult> {
    return this.send('PUT', params)
  }

  /** Deletes every metric of the group (HTTP DELETE). */
  delete(params: PushParameters): Promise<PushResult> {
    return this.send('DELETE', params)
  }

  private async send(method: Method, params: PushParameters | undefined): Promise<PushResult> {
    const jobName = params?.jobName
    if (this.requireJobName && (jobName === undefined || jobName === '')) {
      throw new PushgatewayError(
        'ERR_PUSHGATEWAY_ARGUMENT',
        `cannot ${describe(method)} (missing jobName parameter)`,
      )
    }
    const path = `${this.basePath}/metrics${groupingKeyPath(jobName, params?.groupings)}`
    const headers: OutgoingHttpHeaders = { ...this.headers }
    let body: Buffer | undefined
    if (method === 'DELETE') {
      deleteHeader(headers, 'content-encoding')
    } else {
      const text = await this.registry.metrics()
      const gzip = String(headerValue(headers, 'content-encoding') ?? '').toLowerCase() === 'gzip'
      body = gzip ? gzipSync(text) : Buffer.from(text, 'utf8')
      if (headerValue(headers, 'content-type') === undefined) {
        headers['Content-Type'] = this.registry.contentType
      }
      headers['Content-Length'] = body.length
    }
    return this.request(method, path, headers, body)
  }

  private request(
    method: Method,
    path: string,
    headers: OutgoingHttpHeaders,
    body: Buffer | undefined,
  ): Promise<PushResult> {
    const url = this.origin + path
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined
      let settled = false
      const settle = (error: Error | undefined, result?: PushResult): void => {
        if (settled) return
        settled = true
        if (timer !== undefined) clearTimeout(timer)
        if (error === undefined) resolve(result as PushResult)
        else reject(error)
      }
      let req: http.ClientRequest
      try {
        req = this.transport.request({ ...this.requestOptions, method, path, headers }, onResponse)
      } catch (cause) {
        // Synchronous rejections of the options, e.g. an https agent given for an http URL.
        settle(transportError(method, url, cause instanceof Error ? cause : new Error(String(cause))))
        return
      }
      function onResponse(resp: IncomingMessage): void {
        const chunks: Buffer[] = []
        resp.on('data', (chunk: Buffer) => chunks.push(chunk))
        resp.on('error', (cause) => settle(transportError(method, url, cause)))
        resp.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          const status = resp.statusCode ?? 0
          if (status >= 200 && status < 300) settle(undefined, { resp, body: text })
          else settle(new PushgatewayStatusError(method, url, status, text))
        })
      }
      req.on('error', (cause) => settle(transportError(method, url, cause)))
      if (this.timeoutMs !== undefined) {
        const timeoutMs = this.timeoutMs
        timer = setTimeout(() => {
          settle(new PushgatewayTimeoutError(method, url, timeoutMs))
          req.destroy()
        }, timeoutMs)
      }
      req.end(body)
    })
  }
}

function credentials(auth: PushgatewayOptions['auth'], url: URL): string | undefined {
  if (typeof auth === 'string') return auth
  if (auth !== undefined) return `${auth.username}:${auth.password}`
  if (url.username === '' && url.password === '') return undefined
  return `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`
}

function transportError(method: string, url: string, cause: Error): PushgatewayError {
  return new PushgatewayError(
    'ERR_PUSHGATEWAY_REQUEST',
    `cannot ${describe(method)} (${method} ${url}: ${cause.message})`,
    {
      cause,
    },
  )
}

// Header names are case-insensitive; callers write them in any case.
function headerValue(headers: OutgoingHttpHeaders, lowerName: string): OutgoingHttpHeaders[string] {
  for (const name of Object.keys(headers)) if (name.toLowerCase() === lowerName) return headers[name]
  return undefined
}

function deleteHeader(headers: OutgoingHttpHeaders, lowerName: string): void {
  for (const name of Object.keys(headers)) if (name.toLowerCase() === lowerName) delete headers[name]
}

// prom-client's typings spell the parameters `Pushgateway.Parameters`; a type-only namespace keeps that compiling.
// eslint-disable-next-line @typescript-eslint/no-namespace -- merging with the class is the point
export declare namespace Pushgateway {
  /** prom-client's name for {@link PushParameters}. */
  type Parameters = PushParameters
}
