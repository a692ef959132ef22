import type { FlagSpecs, ParsedFlags } from '../flags.js'

/** Where a command writes and when it must stop; tests pass their own. */
export interface CommandIO {
  stdout: { write(text: string): unknown }
  stderr: { write(text: string): unknown }
  /** Aborted on SIGINT/SIGTERM: long-running commands shut down cleanly (flush, persist) and resolve. */
  signal: AbortSignal
}

/** One `watchfire <name>` subcommand. Commands wire packages together; the packages stay libraries. */
export interface Command<F extends FlagSpecs = FlagSpecs> {
  summary: string
  flags: F
  /** Runs the command; resolves with the process exit code. */
  run(flags: ParsedFlags<F>, io: CommandIO): Promise<number>
}

/** Declares a command with its flag types inferred from `flags`. */
export function defineCommand<F extends FlagSpecs>(command: Command<F>): Command<F> {
  return command
}
