import { fileURLToPath } from 'node:url'
import { freePort, waitForHttp } from './ports.js'
import { startProcess, type Managed } from './processes.js'

/** A fixture app from test/e2e/fixtures, started with node on a free port, importing the built packages. */
export interface FixtureApp {
  port: number
  target: string
  process: Managed
  stop(): Promise<void>
}

/** Starts `fixtures/<name>.js` and waits until its /metrics answers. */
export async function startFixtureApp(name: string): Promise<FixtureApp> {
  const port = await freePort()
  const script = fileURLToPath(new URL(`../fixtures/${name}.js`, import.meta.url))
  const proc = startProcess(process.execPath, [script], { PORT: String(port) })
  try {
    await waitForHttp(`http://127.0.0.1:${port}/metrics`, 15_000)
  } catch (err) {
    await proc.stop()
    throw new Error(`cannot start fixture ${name}: ${proc.output()}`, { cause: err })
  }
  return { port, target: `127.0.0.1:${port}`, process: proc, stop: () => proc.stop() }
}
