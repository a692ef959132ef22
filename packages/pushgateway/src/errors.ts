import { WatchfireError } from '@watchfire/model'

/**
 * A request the gateway refuses, carrying the HTTP status it maps to. Handlers throw it; the server turns it into
 * a plain-text answer in one place, so every bad input gets a clear 4xx and never an unrelated 500.
 */
export class RequestError extends WatchfireError {
  /** The HTTP status code of the answer. */
  readonly status: number

  constructor(code: string, status: number, message: string, options?: { cause?: unknown }) {
    super(code, message, options)
    this.status = status
  }
}

/** Builds a 400 Bad Request error. */
export function badRequest(message: string, cause?: unknown): RequestError {
  return new RequestError(
    'ERR_PUSHGATEWAY_BAD_REQUEST',
    400,
    message,
    cause === undefined ? undefined : { cause },
  )
}

/** A persistence file that cannot be read back: the gateway keeps it aside and starts empty. */
export class PersistenceError extends WatchfireError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_PUSHGATEWAY_PERSISTENCE', message, options)
  }
}
