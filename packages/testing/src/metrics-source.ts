import type { ScrapeFetcher } from '@watchfire/server'
import { HarnessError } from './errors.js'
import { inject, type HttpHandler } from './inject.js'

/** Anything that renders a scrape for an Accept header, as a client `Registry` does. */
export interface SerializableMetrics {
  serialize(
    accept?: string,
  ):
    | Promise<{ contentType: string; body: string | Uint8Array }>
    | { contentType: string; body: string | Uint8Array }
}

/** What a harness scrapes: a registry (or anything with `serialize`), or an HTTP handler such as an Express app. */
export type MetricsSource = SerializableMetrics | HttpHandler

function isSerializable(source: unknown): source is SerializableMetrics {
  return (
    typeof source === 'object' &&
    source !== null &&
    typeof (source as { serialize?: unknown }).serialize === 'function'
  )
}

/**
 * The scrape loop's fetcher for `source`: instead of an HTTP request to the target, the registry
 * serializes for the loop's Accept header, or the handler answers an in-process GET of
 * `metricsPath`. Either way the server's scrape loop parses, labels and stores the body.
 */
export function sourceFetcher(source: MetricsSource, metricsPath: string): ScrapeFetcher {
  if (isSerializable(source)) {
    return async (_url, headers) => {
      const { contentType, body } = await source.serialize(headers.Accept)
      return { contentType, body: typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body) }
    }
  }
  if (typeof source === 'function') {
    return async (_url, headers) => {
      const res = await inject(source, { url: metricsPath, headers })
      // The same words the HTTP fetcher uses, so `up` and the last error read alike.
      if (res.status !== 200) throw new Error(`server returned HTTP status ${res.status}`)
      return { contentType: String(res.headers['content-type'] ?? ''), body: res.body }
    }
  }
  throw new HarnessError(
    'ERR_HARNESS_SOURCE',
    `cannot scrape ${typeof source} (pass a Registry, an object with serialize(accept), or a node:http handler such as an Express app)`,
  )
}
