import { WatchfireError } from '@watchfire/model'

/** A `host:port` listen address taken apart; an empty host means every interface. */
export interface ListenAddress {
  /** The flag it came from, for messages. */
  flag: string
  /** As given, e.g. `127.0.0.1:9090` or `[::1]:9090`. */
  address: string
  host: string
  port: number
}

/** Parses a listen address flag; throws ERR_FLAG naming the flag when it is not `host:port`. */
export function parseListenAddress(flag: string, address: string): ListenAddress {
  const m = /^(?:\[([^\]]*)\]|([^:[\]]*)):(\d{1,5})$/.exec(address)
  const port = Number(m?.[3])
  if (m === null || port > 65535)
    throw new WatchfireError(
      'ERR_FLAG',
      `cannot use --${flag}=${JSON.stringify(address)} (want host:port, e.g. 127.0.0.1:9090)`,
    )
  return { flag, address, host: m[1] ?? m[2] ?? '', port }
}

/**
 * The `host:port` other parts of the stack use to reach a listener: a wildcard host (every interface)
 * is reached through loopback, and IPv6 hosts get their brackets back.
 */
export function reachableAddress(host: string, port: number): string {
  if (host === '' || host === '0.0.0.0') return `127.0.0.1:${port}`
  if (host === '::') return `[::1]:${port}`
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
}
