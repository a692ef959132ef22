import { urlToHttpOptions } from 'node:url'
import { Pool, type Dispatcher } from 'undici'
import type { TlsConfig } from '../config/http-config.js'
import type { Deadline } from './deadline.js'
import { NotifyError } from './integration.js'
import { tlsConnector } from './tls-connector.js'

/**
 * How long an idle kept-alive connection is kept: under Node's default server keep-alive timeout (5 s), so a
 * Node receiver never closes a connection just as it is reused.
 */
const IDLE_SOCKET_TIMEOUT_MS = 4_000

/** Only the start of a response body is kept, for the error message; the rest is read and dropped. */
const MAX_BODY_BYTES = 65_536

/** Characters a header value must not hold (they would split the request). */
const INVALID_HEADER_CHAR = /[^\t\x20-\x7e\x80-\xff]/

/** Where an integration POSTs to, prepared once rather than per notification. */
export interface PostTarget {
  url: URL
  /**
   * Kept-alive connections to the receiver's origin, as the original's Go transport: a request takes an idle
   * connection or opens one (no cap, no pipelining), idle ones close after a few seconds.
   */
  pool: Pool
  /** The request target: path and query. */
  path: string
  /** `Basic …` from credentials in the URL, sent unless the caller sets its own Authorization. */
  urlAuthorization: string | undefined
}

/** Prepares a target URL (already validated by the configuration) with the receiver's TLS settings. */
export function postTarget(href: string, tls: TlsConfig): PostTarget {
  const url = new URL(href)
  const { auth } = urlToHttpOptions(url)
  return {
    url,
    pool: new Pool(url.origin, {
      connections: null,
      pipelining: 1,
      keepAliveTimeout: IDLE_SOCKET_TIMEOUT_MS,
      keepAliveMaxTimeout: IDLE_SOCKET_TIMEOUT_MS,
      ...(url.protocol === 'https:' ? { connect: tlsConnector(tls) } : {}),
    }),
    path: `${url.pathname}${url.search}`,
    urlAuthorization:
      typeof auth === 'string' && auth !== '' ? `Basic ${Buffer.from(auth).toString('base64')}` : undefined,
  }
}

/** Closes the target's connections once the requests under way have finished. */
export function closeTarget(target: PostTarget): Promise<void> {
  return target.pool.close()
}

/** A response as the notifiers judge it: status and the body's first 64 KiB. */
export interface PostResponse {
  status: number
  body: string
}

/**
 * Collects one response for {@link httpPost}: undici's callback interface rather than its stream one, since a
 * notifier needs no body stream, only the status and the body's first bytes. The whole body is always read,
 * so the connection goes back to the pool.
 */
class ResponseCollector implements Dispatcher.DispatchHandler {
  private status = 0
  private readonly chunks: Buffer[] = []
  private size = 0
  private controller: Dispatcher.DispatchController | undefined
  private settled = false
  /** Unregisters the request from its deadline. */
  off: () => void = () => undefined

  constructor(
    private readonly resolve: (res: PostResponse) => void,
    private readonly reject: (err: Error) => void,
  ) {}

  onRequestStart(controller: Dispatcher.DispatchController): void {
    // The deadline may have passed while the request waited for its connection.
    if (this.settled) controller.abort(abortError())
    else this.controller = controller
  }

  onResponseStart(_: Dispatcher.DispatchController, statusCode: number): void {
    this.status = statusCode
  }

  onResponseData(_: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.size < MAX_BODY_BYTES) {
      this.chunks.push(chunk)
      this.size += chunk.length
    }
  }

  onResponseEnd(): void {
    if (this.settle()) {
      const body = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks)
      this.resolve({ status: this.status, body: body.toString('utf8', 0, MAX_BODY_BYTES) })
    }
  }

  onResponseError(_: Dispatcher.DispatchController, err: Error): void {
    if (this.settle()) this.reject(err)
  }

  /** The deadline passed: the request stops and its connection is closed, never reused half-read. */
  expire(): void {
    if (!this.settle()) return
    this.controller?.abort(abortError())
    this.reject(abortError())
  }

  private settle(): boolean {
    if (this.settled) return false
    this.settled = true
    this.off()
    return true
  }
}

function abortError(): Error {
  return new Error('The operation was aborted')
}

/**
 * POSTs a body to the target over a kept-alive connection and reads the answer (first 64 KiB). Network errors
 * become a retryable NotifyError; a header that would split the request, a permanent one.
 */
export async function httpPost(
  target: PostTarget,
  body: string,
  headers: Record<string, string>,
  deadline: Deadline,
): Promise<PostResponse> {
  const { url } = target
  const flat: string[] = []
  let authorization = target.urlAuthorization
  for (const name in headers) {
    const value = headers[name] as string
    if (INVALID_HEADER_CHAR.test(value)) {
      throw new NotifyError(
        `cannot POST to ${url.origin}${url.pathname} (invalid character in header ${name})`,
        false,
      )
    }
    if (name.toLowerCase() === 'authorization') authorization = undefined
    flat.push(name, value)
  }
  if (authorization !== undefined) flat.push('Authorization', authorization)
  try {
    if (deadline.expired) throw abortError()
    return await new Promise<PostResponse>((resolve, reject) => {
      const collector = new ResponseCollector(resolve, reject)
      collector.off = deadline.onExpiry(() => collector.expire())
      target.pool.dispatch({ method: 'POST', path: target.path, headers: flat, body }, collector)
    })
  } catch (err) {
    throw new NotifyError(`cannot POST to ${url.origin}${url.pathname} (${(err as Error).message})`, true, {
      cause: err,
    })
  }
}
