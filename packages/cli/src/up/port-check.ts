import { createServer } from 'node:net'
import { WatchfireError } from '@watchfire/model'
import type { ListenAddress } from './listen-address.js'
import { describeHolder, findPortHolder } from './port-holder.js'

const LISTEN_CODES = new Set(['EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL'])

/** The errno code of a failed listen, looking through wrapping errors' causes; undefined for other errors. */
export function listenErrorCode(err: unknown): string | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as NodeJS.ErrnoException).code
    if (code !== undefined && LISTEN_CODES.has(code)) return code
  }
  return undefined
}

/** Why a listen address cannot be used: its port is taken (by whom, if known) or not allowed. */
export async function explainListenError(
  address: ListenAddress,
  err: unknown,
  procRoot?: string,
): Promise<string> {
  const code = listenErrorCode(err)
  if (code === 'EADDRINUSE') {
    const holder = describeHolder(await findPortHolder(address.port, procRoot))
    return `port ${address.port} (--${address.flag}=${address.address}) is in use by ${holder}`
  }
  if (code === 'EACCES')
    return `port ${address.port} (--${address.flag}=${address.address}) needs privileges to listen on`
  if (code === 'EADDRNOTAVAIL')
    return `--${address.flag}=${address.address}: no interface of this machine has that address`
  return `--${address.flag}=${address.address}: ${(err as Error).message}`
}

function tryListen(address: ListenAddress): Promise<unknown> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', (err) => resolve(err))
    server.listen(
      { port: address.port, host: address.host === '' ? undefined : address.host, exclusive: true },
      () => server.close(() => resolve(undefined)),
    )
  })
}

/**
 * Checks every listen address before any part starts, so a taken port is reported with its holder
 * (all of them at once) instead of after the TSDB was opened. Ports 0 are left to the kernel.
 */
export async function checkListenAddresses(
  addresses: readonly ListenAddress[],
  procRoot?: string,
): Promise<void> {
  const problems: string[] = []
  for (const address of addresses) {
    if (address.port === 0) continue
    const err = await tryListen(address)
    if (err !== undefined) problems.push(await explainListenError(address, err, procRoot))
  }
  if (problems.length > 0)
    throw new WatchfireError('ERR_LISTEN', `cannot start the stack: ${problems.join('; ')}`)
}
