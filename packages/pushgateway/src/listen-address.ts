import { WatchfireError } from '@watchfire/model'

/**
 * Splits a `host:port` listen address (`:9091` for all interfaces, `[::1]:9091` for IPv6).
 * @throws WatchfireError (ERR_PUSHGATEWAY_LISTEN) when it is not of that form.
 */
export function parseListenAddress(address: string): { host: string | undefined; port: number } {
  const match = /^(?:\[([^\]]*)\]|([^:]*)):(\d+)$/.exec(address)
  if (match === null) {
    throw new WatchfireError(
      'ERR_PUSHGATEWAY_LISTEN',
      `cannot listen (address ${JSON.stringify(address)} is not host:port)`,
    )
  }
  const host = match[1] ?? match[2] ?? ''
  return { host: host === '' ? undefined : host, port: Number(match[3]) }
}
