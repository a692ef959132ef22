import { Registry } from '@watchfire/client'
import { MemoryStorage } from '@watchfire/storage'
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../config/load-config.js'
import { DEFAULT_ACCEPT } from './accept-header.js'
import { ScrapeCounters } from './scrape-counters.js'
import { BodySizeLimitError, type ScrapeFetcher } from './scrape-http.js'
import { ScrapeLoop } from './scrape-loop.js'
import { populateTarget, Target } from './target.js'

const COUNTERS = [
  'prometheus_target_scrapes_exceeded_body_size_limit_total',
  'prometheus_target_scrapes_exceeded_sample_limit_total',
  'prometheus_target_scrapes_sample_out_of_order_total',
  'prometheus_target_scrapes_sample_duplicate_timestamp_total',
  'prometheus_target_scrapes_sample_out_of_bounds_total',
  'prometheus_target_scrape_pool_exceeded_label_limits_total',
] as const

/** A fetcher answering each scrape with the next body (an Error is thrown instead). */
function fetcherOf(bodies: (string | Error)[]): ScrapeFetcher {
  let i = 0
  return () => {
    const body = bodies[Math.min(i++, bodies.length - 1)] as string | Error
    if (body instanceof Error) return Promise.reject(body)
    return Promise.resolve({ body: Buffer.from(body), contentType: 'text/plain; version=0.0.4' })
  }
}

async function counts(registry: Registry): Promise<Record<string, number>> {
  const text = await registry.metrics()
  const out: Record<string, number> = {}
  for (const name of COUNTERS) {
    const line = text.split('\n').find((l) => l.startsWith(`${name} `))
    out[name] = Number(line?.split(' ')[1])
  }
  return out
}

describe('ScrapeCounters', () => {
  it.each<[string, string, (string | Error)[], (typeof COUNTERS)[number], number]>([
    ['a body over body_size_limit', '', [new BodySizeLimitError(10)], COUNTERS[0], 1],
    ['more samples than sample_limit', 'sample_limit: 1', ['a 1\nb 2\n'], COUNTERS[1], 1],
    ['a sample older than the series newest', '', ['a 1 2000\n', 'a 1 1000\n'], COUNTERS[2], 1],
    ['two values at one timestamp', '', ['a 1 1000\na 2 1000\n'], COUNTERS[3], 1],
    ['samples before the storage minimum time', '', ['a 1 10\nb 1 20\n'], COUNTERS[4], 2],
    ['a series over label_limit', 'label_limit: 1', ['a{x="1",y="2"} 1\n'], COUNTERS[5], 1],
  ])('counts %s', async (_name, yaml, bodies, counter, want) => {
    const config = parseConfig(`scrape_configs:\n  - job_name: j\n    ${yaml}\n`).scrapeConfigs[0]
    if (config === undefined) throw new Error('no scrape config')
    const target = populateTarget({ __address__: 'example:9100' }, config)
    if (!(target instanceof Target)) throw new Error('no target')
    const registry = new Registry()
    const loop = new ScrapeLoop(target, {
      config,
      appendable: new MemoryStorage({ minValidTimeMs: 100 }),
      fetcher: fetcherOf(bodies),
      accept: DEFAULT_ACCEPT,
      nativeHistograms: false,
      offsetSeed: 0n,
      now: Date.now,
      counters: new ScrapeCounters(registry),
    })
    for (let i = 0; i < bodies.length; i++) await loop.scrapeAndReport(5000 + i * 1000)
    const expected = Object.fromEntries(COUNTERS.map((n) => [n, n === counter ? want : 0]))
    expect(await counts(registry)).toEqual(expected)
  })
})
