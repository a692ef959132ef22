import { Counter, type Registry } from '@watchfire/client'
import { DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from '@watchfire/web-config'

/** Why a request or connection was refused; the `reason` label of the rejection counter. */
export type RejectReason =
  | 'body_too_large'
  | 'decoded_body_too_large'
  | 'header_too_large'
  | 'url_too_long'
  | 'header_timeout'
  | 'request_timeout'
  | 'bad_request'
  | 'max_connections'
  | 'query_queue_timeout'
  | 'body_bytes_in_flight'

const REASONS: readonly RejectReason[] = [
  'body_too_large',
  'decoded_body_too_large',
  'header_too_large',
  'url_too_long',
  'header_timeout',
  'request_timeout',
  'bad_request',
  'max_connections',
  'query_queue_timeout',
  'body_bytes_in_flight',
]

/**
 * Limits on what the server's HTTP side accepts: the connection limits every part shares
 * (--web.max-connections among them), and the server's own. Every field has a default in
 * {@link DEFAULT_WEB_LIMITS}.
 */
export interface WebLimits extends ConnectionLimits {
  /** The request target alone; longer is answered 414. */
  maxUrlBytes: number
  /** --query.max-concurrency: queries evaluated at once; more wait their turn (Prometheus's default 20). */
  maxQueryConcurrency: number
  /**
   * --web.max-request-body-bytes-in-flight: request-body bytes all connections together may hold
   * while they are read; a body that would pass it is answered 503 (0 turns the bound off).
   */
  maxRequestBodyBytesInFlight: number
}

/**
 * The defaults: the shared connection limits, Prometheus's 20 queries, and 256 MiB of bodies being
 * read at once (eight remote-write bodies at their 32 MiB limit).
 */
export const DEFAULT_WEB_LIMITS: Readonly<WebLimits> = {
  ...DEFAULT_CONNECTION_LIMITS,
  maxUrlBytes: 32 << 10,
  maxQueryConcurrency: 20,
  maxRequestBodyBytesInFlight: 256 << 20,
}

/** Counts refusals by reason as `watchfire_http_requests_rejected_total{reason}` (every reason exported from 0). */
export class RejectionCounter {
  private readonly counter: Counter<'reason'>

  constructor(registry: Registry) {
    this.counter = new Counter({
      name: 'watchfire_http_requests_rejected_total',
      help: 'Requests and connections refused because they exceeded a limit, by reason.',
      labelNames: ['reason'] as const,
      registers: [registry],
    })
    for (const reason of REASONS) this.counter.inc({ reason }, 0)
  }

  /** Counts one refusal. */
  inc(reason: RejectReason): void {
    this.counter.inc({ reason })
  }
}
