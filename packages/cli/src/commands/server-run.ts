import { startServer, type ServerOptions } from '@watchfire/server'
import type { CommandIO } from './command.js'

/** Runs the server until the command's signal aborts or POST /-/quit; resolves with the exit code. */
export async function runServer(
  options: Omit<ServerOptions, 'onQuit' | 'log'>,
  io: CommandIO,
): Promise<number> {
  const quit = new AbortController()
  const log = (message: string): void => void io.stderr.write(`ts=${new Date().toISOString()} ${message}\n`)
  const server = await startServer({ ...options, log, reloadOnSighup: true, onQuit: () => quit.abort() })
  log(`level=info msg="Server is ready to receive web requests." url=${server.url}`)
  io.stdout.write(`Watchfire server listening on ${server.url}\n`)
  await new Promise<void>((resolve) => {
    if (io.signal.aborted || quit.signal.aborted) return resolve()
    io.signal.addEventListener('abort', () => resolve(), { once: true })
    quit.signal.addEventListener('abort', () => resolve(), { once: true })
  })
  log('level=warn msg="Received termination request, stopping"')
  await server.close()
  log('level=info msg="See you next time!"')
  return 0
}
