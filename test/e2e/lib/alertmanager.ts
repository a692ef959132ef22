import { freePort, waitForHttp } from './ports.js'
import { startProcess, type Managed } from './processes.js'

/** Debian's Alertmanager 0.25: the oracle the Alertmanager suites compare against. */
export const ALERTMANAGER_BIN = process.env.ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager'

/** A running real Alertmanager on 127.0.0.1, clustering off. */
export interface RealAlertmanager {
  url: string
  process: Managed
}

/**
 * Starts the real Alertmanager with `configFile` and its data in `storagePath`; resolves once /-/ready
 * answers, and names the process's output when it does not.
 */
export async function startRealAlertmanager(
  configFile: string,
  storagePath: string,
  logLevel: 'error' | 'warn' = 'error',
): Promise<RealAlertmanager> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const proc = startProcess(ALERTMANAGER_BIN, [
    `--config.file=${configFile}`,
    `--storage.path=${storagePath}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=',
    `--log.level=${logLevel}`,
  ])
  try {
    await waitForHttp(`${url}/-/ready`, 30_000)
  } catch (err) {
    await proc.stop()
    throw new Error(`cannot start prometheus-alertmanager: ${proc.output()}`, { cause: err })
  }
  return { url, process: proc }
}
