import { WatchfireError } from '@watchfire/model'

/** An alertmanager.yml the original would refuse; the message names the field and, when known, the line. */
export class ConfigError extends WatchfireError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_AM_CONFIG', message, options)
  }
}

/** A request the API refuses; carries the HTTP status it maps to. */
export class ApiError extends WatchfireError {
  readonly status: number

  constructor(status: number, message: string) {
    super('ERR_AM_API', message)
    this.status = status
  }
}

/** A matcher string or object that does not parse; the API answers 400, the config loader names the field. */
export class MatcherError extends WatchfireError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_AM_MATCHER', message, options)
  }
}

/** A silence that cannot be created, updated or expired (bad times, no matchers, unknown id). */
export class SilenceError extends WatchfireError {
  /** True when the silence does not exist (404 rather than 400). */
  readonly notFound: boolean

  constructor(message: string, notFound = false) {
    super('ERR_AM_SILENCE', message)
    this.notFound = notFound
  }
}
