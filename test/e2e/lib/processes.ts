import { spawn, type ChildProcess } from 'node:child_process'

/** A child process whose output is kept for failure messages and which is killed on stop(). */
export interface Managed {
  child: ChildProcess
  output(): string
  stop(): Promise<void>
}

/** Spawns a long-running process; output is buffered (last 64 KiB) so a failing test can show it. */
export function startProcess(command: string, args: string[], env?: NodeJS.ProcessEnv): Managed {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let buffer = ''
  const keep = (chunk: Buffer): void => {
    buffer = (buffer + chunk.toString('utf8')).slice(-65536)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  return {
    child,
    output: () => buffer,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
        child.once('exit', () => {
          clearTimeout(timer)
          resolve()
        })
        child.kill('SIGTERM')
      }),
  }
}
