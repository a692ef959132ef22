import { WatchfireError } from '@watchfire/model'

/** A promqltest script that does not follow the script syntax; names the 1-based line. */
export class ScriptSyntaxError extends WatchfireError {
  readonly line: number

  constructor(message: string, line: number) {
    super('ERR_PROMQLTEST_SYNTAX', `${message} (line ${line})`)
    this.line = line
  }
}
