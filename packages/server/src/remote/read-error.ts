import { WatchfireError } from '@watchfire/model'

/**
 * A remote read that failed: a response that does not decode, an endpoint answering with an error
 * status, a timeout. `status` is the HTTP status the remote answered with (0 when none).
 */
export class RemoteReadError extends WatchfireError {
  readonly status: number

  constructor(message: string, options?: { cause?: unknown; status?: number }) {
    super('ERR_REMOTE_READ', message, options)
    this.status = options?.status ?? 0
  }
}
