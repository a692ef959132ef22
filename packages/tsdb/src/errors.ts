import { WatchfireError } from '@watchfire/model'

/**
 * A block file whose bytes do not verify: a bad checksum, a wrong magic number, a truncated section.
 * Names the file and the section so an operator knows which block to move aside.
 */
export class CorruptBlockError extends WatchfireError {
  /** Path of the file that failed to verify. */
  readonly file: string
  /** The section or record that failed, e.g. `symbol table` or `chunk at offset 8`. */
  readonly section: string

  constructor(file: string, section: string, reason: string, options?: { cause?: unknown }) {
    super('ERR_TSDB_CORRUPT', `cannot read ${section} of ${file} (${reason})`, options)
    this.file = file
    this.section = section
  }
}

/** Input a block writer or chunk encoder refuses: unsorted series, out-of-order samples, unencodable values. */
export class InvalidBlockInputError extends WatchfireError {
  constructor(message: string) {
    super('ERR_TSDB_INVALID_INPUT', message)
  }
}

/** Chunk bytes that do not decode: truncated data or an impossible bit pattern. */
export class CorruptChunkError extends WatchfireError {
  constructor(encoding: string, reason: string) {
    super('ERR_TSDB_CORRUPT_CHUNK', `cannot decode ${encoding} chunk (${reason})`)
  }
}

/**
 * A write to the WAL that failed, typically ENOSPC (disk full) or EIO. The batch being committed
 * was not written (the segment is cut back to where the batch began) and its samples are not
 * visible; the database stays usable and later commits succeed once the cause is gone.
 */
export class WalWriteError extends WatchfireError {
  /** The OS error code, e.g. `ENOSPC`, when there is one. */
  readonly errno: string | undefined

  constructor(segment: string, cause: unknown) {
    const errno = (cause as NodeJS.ErrnoException | undefined)?.code
    const reason = cause instanceof Error ? cause.message : String(cause)
    super('ERR_TSDB_WAL_WRITE', `cannot write WAL segment ${segment} (${reason})`, { cause })
    this.errno = errno
  }
}
