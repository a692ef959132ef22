import { WatchfireError } from '@watchfire/model'

/**
 * A push to (or delete from) a Pushgateway failed. The `code` says how: `ERR_PUSHGATEWAY_ARGUMENT` (bad gateway
 * URL or missing job name), `ERR_PUSHGATEWAY_REQUEST` (connection or transport failure, `cause` holds the
 * socket error), or those of the subclasses below.
 */
export class PushgatewayError extends WatchfireError {}

/** The Pushgateway answered with a status outside 2xx (code `ERR_PUSHGATEWAY_STATUS`). */
export class PushgatewayStatusError extends PushgatewayError {
  /** The HTTP status code the gateway answered with. */
  readonly status: number
  /** The response body, as text: the gateway's explanation. */
  readonly body: string

  constructor(method: string, url: string, status: number, body: string) {
    const detail = body.trim() === '' ? '' : `: ${body.trim()}`
    super(
      'ERR_PUSHGATEWAY_STATUS',
      `cannot ${describe(method)} (${method} ${url} answered ${status}${detail})`,
    )
    this.status = status
    this.body = body
  }
}

/** The Pushgateway did not answer within the configured `timeout` (code `ERR_PUSHGATEWAY_TIMEOUT`). */
export class PushgatewayTimeoutError extends PushgatewayError {
  /** The deadline that passed, in milliseconds. */
  readonly timeoutMs: number

  constructor(method: string, url: string, timeoutMs: number) {
    super(
      'ERR_PUSHGATEWAY_TIMEOUT',
      `cannot ${describe(method)} (${method} ${url} timed out after ${timeoutMs} ms)`,
    )
    this.timeoutMs = timeoutMs
  }
}

/** The verb phrase of an error message for a request method. */
export function describe(method: string): string {
  return method === 'DELETE' ? 'delete metrics from the Pushgateway' : 'push metrics to the Pushgateway'
}
