import type { AddressInfo } from 'node:net'
import { WatchfireError } from '@watchfire/model'
import type { WebListener } from './web-listener.js'

/** A `--web.listen-address` split into its parts; `host` is undefined for all interfaces. */
export interface ListenAddress {
  host: string | undefined
  port: number
}

/**
 * Splits a `host:port` listen address (`:9091` for all interfaces, `[::1]:9091` for IPv6).
 * @throws WatchfireError with `code` (the component's own, such as ERR_PUSHGATEWAY_LISTEN) when it is not of that form.
 */
export function parseListenAddress(address: string, code: string): ListenAddress {
  const match = /^(?:\[([^\]]*)\]|([^:]*)):(\d+)$/.exec(address)
  if (match === null)
    throw new WatchfireError(code, `cannot listen (address ${JSON.stringify(address)} is not host:port)`)
  const host = match[1] ?? match[2] ?? ''
  return { host: host === '' ? undefined : host, port: Number(match[3]) }
}

/** Where {@link listenWebServer} bound a server. */
export interface BoundServer {
  /** The port bound: the one asked for, or the kernel's pick for port 0. */
  port: number
  /** The base URL to print: a wildcard host is shown as loopback, an IPv6 host in brackets. */
  url: string
}

/**
 * Binds `server` to `listen` and resolves once it accepts connections. A failure to bind (address
 * in use, no permission) becomes a WatchfireError with `code` naming `address`, the flag as given.
 */
export async function listenWebServer(
  server: WebListener,
  scheme: 'http' | 'https',
  listen: ListenAddress,
  failure: { code: string; address: string },
): Promise<BoundServer> {
  const { host, port } = listen
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, host, () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (cause) {
    throw new WatchfireError(
      failure.code,
      `cannot listen on ${failure.address} (${(cause as Error).message})`,
      { cause },
    )
  }
  const bound = (server.address() as AddressInfo).port
  const shownHost = host === undefined || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host
  return {
    port: bound,
    url: `${scheme}://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${bound}`,
  }
}
