import type { YamlField } from './yaml-field.js'

// Headers the remote write and read clients set themselves (Prometheus's reservedHeaders).
const RESERVED_HEADERS = new Set([
  'authorization',
  'host',
  'content-encoding',
  'content-length',
  'content-type',
  'user-agent',
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'www-authenticate',
  'accept-encoding',
  'x-prometheus-remote-write-version',
  'x-prometheus-remote-read-version',
  'x-prometheus-scrape-timeout-seconds',
])

/** Reads the `headers` of a remote_write or remote_read entry, refusing the reserved ones as Prometheus does. */
export function parseRemoteHeaders(
  section: YamlField,
  headers: YamlField | undefined,
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of headers?.stringMap() ?? []) {
    if (RESERVED_HEADERS.has(name.toLowerCase()))
      section.fail(`${name} is a reserved header. It must not be changed`)
    out[name] = value
  }
  return out
}
