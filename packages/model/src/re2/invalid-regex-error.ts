import { WatchfireError } from '../errors.js'

/** A regular expression Watchfire refuses because RE2 (Prometheus's regex engine) would refuse it. */
export class InvalidRegexError extends WatchfireError {
  /** 0-based index into the pattern where the problem starts, when known. */
  readonly position: number | undefined
  /** What is wrong, in RE2's words where they exist (e.g. `missing closing )`). */
  readonly reason: string

  constructor(pattern: string, reason: string, position?: number) {
    const where = position === undefined ? '' : ` at position ${position}`
    super('ERR_INVALID_REGEX', `cannot compile regex ${JSON.stringify(pattern)} (${reason}${where})`)
    this.position = position
    this.reason = reason
  }
}
