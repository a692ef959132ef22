/** Base class of every error Watchfire throws on purpose: match on `code`, never on the message. */
export class WatchfireError extends Error {
  /** A stable, machine-readable identifier such as `ERR_PARSE`. */
  readonly code: string

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
    this.code = code
  }
}

/** Where in an input a parser stopped: 1-based line and column. */
export interface SourcePosition {
  line: number
  column: number
}

/** Malformed exposition input; names the line and column and what was expected. */
export class ParseError extends WatchfireError {
  readonly line: number
  readonly column: number

  constructor(message: string, position: SourcePosition, options?: { cause?: unknown }) {
    super('ERR_PARSE', `${message} (line ${position.line}, column ${position.column})`, options)
    this.line = position.line
    this.column = position.column
  }
}

/** A metric or label name, or a label value, that the data model does not allow. */
export class InvalidNameError extends WatchfireError {
  constructor(message: string) {
    super('ERR_INVALID_NAME', message)
  }
}
