import { Counter, type Registry } from '@watchfire/client'

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
]

/** Limits on what the server's HTTP side accepts; every field has a default in {@link DEFAULT_WEB_LIMITS}. */
export interface WebLimits {
  /** --web.max-connections: simultaneous connections (Prometheus's default 512). */
  maxConnections: number
  /** Request line plus headers; more is answered 431. */
  maxHeaderBytes: number
  /** The request target alone; longer is answered 414. */
  maxUrlBytes: number
  /** A connection must deliver a complete request head this soon after opening (or after its last response). */
  headersTimeoutMs: number
  /** A whole request, body included, must arrive within this time (Node answers 408). */
  requestTimeoutMs: number
  /** --query.max-concurrency: queries evaluated at once; more wait their turn (Prometheus's default 20). */
  maxQueryConcurrency: number
}

/**
 * The defaults: Prometheus's where it has a setting (512 connections, 20 queries). Go's 1 MiB header
 * limit is cut to 64 KiB, and a slow request head is dropped after 10 s instead of Go's 5 min read
 * timeout, so that a thousand slowloris connections hold little memory and not for long.
 */
export const DEFAULT_WEB_LIMITS: Readonly<WebLimits> = {
  maxConnections: 512,
  maxHeaderBytes: 64 << 10,
  maxUrlBytes: 32 << 10,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 120_000,
  maxQueryConcurrency: 20,
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
