import { WatchfireError } from '@watchfire/model'

/** A configuration Prometheus would refuse; the message names the field path and, where known, the line. */
export class ConfigError extends WatchfireError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_CONFIG', message, options)
  }
}
