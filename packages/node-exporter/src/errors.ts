import { WatchfireError } from '@watchfire/model'

/**
 * A collector found nothing to report on this machine (no PSI, no conntrack module): the scrape marks it
 * unsuccessful, as node_exporter's `ErrNoData` does, but it is not logged as a failure.
 */
export class NoDataError extends WatchfireError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_NO_DATA', message, options)
  }
}

/** A file under /proc or /sys that exists but cannot be read or parsed; names the file and the problem. */
export class ProcFileError extends WatchfireError {
  readonly path: string

  constructor(message: string, path: string, options?: { cause?: unknown }) {
    super('ERR_PROC_FILE', `${message} (${path})`, options)
    this.path = path
  }
}

/** Options that cannot work together or do not parse (a bad regular expression, exclusive flags). */
export class NodeExporterConfigError extends WatchfireError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_NODE_EXPORTER_CONFIG', message, options)
  }
}
