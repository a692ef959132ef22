import { NodeExporterConfigError } from './errors.js'

/** A parsed `--web.listen-address`: `:9100`, `127.0.0.1:9100` or `[::1]:9100`; no host means every interface. */
export interface ListenAddress {
  host: string | undefined
  port: number
}

/** Parses a Go-style `host:port` listen address. */
export function parseListenAddress(text: string): ListenAddress {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d+)$/.exec(text)
  const port = Number(m?.[3])
  if (m === null || port > 65535) {
    throw new NodeExporterConfigError(
      `cannot parse listen address ${JSON.stringify(text)} (expected host:port)`,
    )
  }
  const host = m[1] ?? m[2]
  return { host: host === '' ? undefined : host, port }
}
