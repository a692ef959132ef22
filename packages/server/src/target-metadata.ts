import { decodeProtobuf, type MetricType } from '@watchfire/model'
import type { ScrapeConfig } from './config/config-types.js'
import type { ScrapeFetcher } from './scrape/scrape-http.js'
import type { Target } from './scrape/target.js'
import type { MetadataRetriever, MetricMetadata } from './web/metadata-api.js'

const TYPES: ReadonlySet<string> = new Set([
  'counter',
  'gauge',
  'histogram',
  'gaugehistogram',
  'summary',
  'info',
  'stateset',
  'unknown',
])

function unescapeHelp(text: string): string {
  return text.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c))
}

/** HELP/TYPE/UNIT comment lines of a text or OpenMetrics body, by family name. */
export function textMetadata(body: string): Map<string, MetricMetadata> {
  const out = new Map<string, MetricMetadata>()
  const entry = (name: string): MetricMetadata => {
    let m = out.get(name)
    if (m === undefined) out.set(name, (m = { type: 'unknown', help: '', unit: '' }))
    return m
  }
  let at = 0
  while (at < body.length) {
    let end = body.indexOf('\n', at)
    if (end === -1) end = body.length
    if (body.startsWith('# ', at)) {
      const line = body.slice(at + 2, end)
      const m = /^(HELP|TYPE|UNIT) (\S+)(?: (.*))?$/.exec(line)
      if (m !== null) {
        const [, kind, name, rest = ''] = m as unknown as [string, string, string, string | undefined]
        if (kind === 'HELP') entry(name).help = unescapeHelp(rest)
        else if (kind === 'UNIT') entry(name).unit = rest
        else entry(name).type = (TYPES.has(rest) ? rest : 'unknown') as MetricType
      }
    }
    at = end + 1
  }
  return out
}

/**
 * Keeps the metadata (type, help, unit) each target's last successful scrape announced, for the
 * metadata endpoints. It sits between the scrape loops and their HTTP fetcher and reads the
 * comment lines (or the protobuf families) of each body, keyed by scrape URL.
 */
export class TargetMetadata implements MetadataRetriever {
  private readonly byUrl = new Map<string, Map<string, MetricMetadata>>()

  /** A fetcher that records metadata from what `inner` fetches. */
  wrap(inner: (config: ScrapeConfig) => ScrapeFetcher): (config: ScrapeConfig) => ScrapeFetcher {
    return (config) => {
      const fetch = inner(config)
      return async (url, headers, options) => {
        const response = await fetch(url, headers, options)
        try {
          this.byUrl.set(url, this.read(response.body, response.contentType))
        } catch {
          // The scrape loop reports the unparsable body; metadata stays as it was.
        }
        return response
      }
    }
  }

  private read(body: Buffer, contentType: string): Map<string, MetricMetadata> {
    if (contentType.includes('application/vnd.google.protobuf')) {
      const out = new Map<string, MetricMetadata>()
      for (const f of decodeProtobuf(body)) out.set(f.name, { type: f.type, help: f.help, unit: f.unit })
      return out
    }
    return textMetadata(body.toString('utf8'))
  }

  /** Metadata of one target's last scrape (empty before it). */
  metadataFor(target: Target): ReadonlyMap<string, MetricMetadata> {
    return this.byUrl.get(target.url) ?? new Map()
  }

  /** Forgets targets no longer scraped. */
  retain(urls: ReadonlySet<string>): void {
    for (const url of this.byUrl.keys()) if (!urls.has(url)) this.byUrl.delete(url)
  }
}
