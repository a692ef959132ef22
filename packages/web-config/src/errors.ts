import { WatchfireError } from '@watchfire/model'

/**
 * A web configuration file the exporter toolkit would refuse, or one whose files cannot be used
 * (unreadable certificate, key not matching it); the message names the field and, where known, the line.
 */
export class WebConfigError extends WatchfireError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_WEB_CONFIG', message, options)
  }
}
