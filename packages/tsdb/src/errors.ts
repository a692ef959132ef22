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
