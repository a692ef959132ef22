import { WatchfireError } from '@watchfire/model'

/** The multi-process mode cannot start or operate (unwritable directory, incompatible files, bad options). */
export class MultiprocessError extends WatchfireError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_MULTIPROCESS', message, options)
  }
}

/** A metrics file is truncated, corrupted or of another format version; it is reported and skipped. */
export class MultiprocessFileError extends WatchfireError {
  /** The file that was refused. */
  readonly path: string

  constructor(path: string, message: string) {
    super('ERR_MULTIPROCESS_FILE', message)
    this.path = path
  }
}
