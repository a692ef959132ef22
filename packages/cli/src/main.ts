import { WatchfireError } from '@watchfire/model'
import type { CommandIO } from './commands/command.js'
import { COMMANDS } from './commands/index.js'
import { FlagError, formatFlagHelp, parseFlags } from './flags.js'

function usage(): string {
  return `usage: watchfire <command> [flags]\n\ncommands:\n${Object.keys(COMMANDS)
    .map((name) => `  ${name}`)
    .join('\n')}\n\nRun 'watchfire <command> --help' for a command's flags.\n`
}

/** Runs `watchfire` with `argv` (without node and the script); resolves with the exit code. */
export async function main(argv: readonly string[], io?: Partial<CommandIO>): Promise<number> {
  const stdout = io?.stdout ?? process.stdout
  const stderr = io?.stderr ?? process.stderr
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    ;(name === undefined ? stderr : stdout).write(usage())
    return name === undefined ? 2 : 0
  }
  const load = COMMANDS[name]
  if (load === undefined) {
    stderr.write(`watchfire: error: unknown command ${JSON.stringify(name)}\n\n${usage()}`)
    return 2
  }
  const command = (await load()).default
  if (rest.includes('--help') || rest.includes('-h')) {
    stdout.write(
      `usage: watchfire ${name} [flags]\n\n${command.summary}\n\nflags:\n${formatFlagHelp(command.flags)}\n`,
    )
    return 0
  }
  const controller = new AbortController()
  const stop = (): void => controller.abort()
  if (io?.signal === undefined) {
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  }
  try {
    const flags = parseFlags(rest, command.flags)
    return await command.run(flags, { stdout, stderr, signal: io?.signal ?? controller.signal })
  } catch (err) {
    if (err instanceof FlagError) {
      stderr.write(`watchfire ${name}: error: ${err.message}, try --help\n`)
      return 2
    }
    if (err instanceof WatchfireError) {
      stderr.write(`watchfire ${name}: error: ${err.message}\n`)
      return 1
    }
    throw err
  } finally {
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
  }
}
