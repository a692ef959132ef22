import { startAgent, type AgentOptions } from '@watchfire/server'
import type { CommandIO } from './command.js'
import { parsePrometheusDuration, type FlagSpecs } from '../flags.js'

/**
 * The flags the command line changed from their defaults, by name. Flags are parsed with their
 * defaults filled in, so a flag given with exactly its default value is not told apart.
 */
export function changedFlags(specs: FlagSpecs, values: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(specs)
    .filter(([name, spec]) => {
      const value = values[name]
      if (spec.default === undefined)
        return value !== undefined && value !== false && !(Array.isArray(value) && value.length === 0)
      if (spec.type === 'duration') return value !== parsePrometheusDuration(spec.default)
      if (spec.type === 'list') return JSON.stringify(value) !== JSON.stringify(spec.default)
      return value !== spec.default
    })
    .map(([name]) => name)
}

/** Runs the agent until the command's signal aborts or POST /-/quit; resolves with the exit code. */
export async function runAgent(
  options: Omit<AgentOptions, 'onQuit' | 'log'>,
  io: CommandIO,
): Promise<number> {
  const quit = new AbortController()
  const log = (message: string): void => void io.stderr.write(`ts=${new Date().toISOString()} ${message}\n`)
  log('level=info msg="Experimental agent mode enabled."')
  const agent = await startAgent({ ...options, log, reloadOnSighup: true, onQuit: () => quit.abort() })
  log(`level=info msg="Server is ready to receive web requests." url=${agent.url}`)
  io.stdout.write(`Watchfire agent listening on ${agent.url}\n`)
  await new Promise<void>((resolve) => {
    if (io.signal.aborted || quit.signal.aborted) return resolve()
    io.signal.addEventListener('abort', () => resolve(), { once: true })
    quit.signal.addEventListener('abort', () => resolve(), { once: true })
  })
  log('level=warn msg="Received termination request, stopping"')
  await agent.close()
  log('level=info msg="See you next time!"')
  return 0
}
