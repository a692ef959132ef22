import { WatchfireError } from '@watchfire/model'

/**
 * A rule file Prometheus would refuse. `problems` holds every problem found, each worded as
 * Prometheus words it (`5:15: group "g", rule 1, "name": could not parse expression: …`); the
 * message prefixes each with the file name, which is what `promtool check rules` prints.
 */
export class RuleFileError extends WatchfireError {
  readonly file: string
  readonly problems: readonly string[]

  constructor(file: string, problems: readonly string[], options?: { cause?: unknown }) {
    super('ERR_RULE_FILE', problems.map((p) => `${file}: ${p}`).join('\n'), options)
    this.file = file
    this.problems = problems
  }
}
