import { isStaleNaN, MemoryStorage, ValueType } from '@watchfire/storage'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { parseConfig } from '../config/load-config.js'
import { DEFAULT_ACCEPT } from './accept-header.js'
import type { ScrapeFetcher } from './scrape-http.js'
import { ScrapeLoop } from './scrape-loop.js'
import { populateTarget, Target } from './target.js'

const INTERVAL_MS = 10_000
const fetcher: ScrapeFetcher = () =>
  Promise.resolve({ body: Buffer.from('a 1\n'), contentType: 'text/plain; version=0.0.4' })

/** Timestamps of the staleness markers written for series `name`. */
async function staleAt(storage: MemoryStorage, name: string): Promise<number[]> {
  const querier = await storage.querier(0, Number.MAX_SAFE_INTEGER)
  const set = querier.select(false, undefined)
  const out: number[] = []
  while (set.next()) {
    const series = set.at()
    if (series.labels.metricName !== name) continue
    const it = series.iterator()
    while (it.next() !== ValueType.None) if (isStaleNaN(it.atF())) out.push(it.atT())
  }
  querier.close()
  return out
}

describe('ScrapeLoop end-of-run staleness (Prometheus 2.42 timing)', () => {
  let storage: MemoryStorage
  let pool: AbortController

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    vi.setSystemTime(1_700_000_000_000)
    storage = new MemoryStorage()
    pool = new AbortController()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  function loop(): ScrapeLoop {
    const config = parseConfig(`scrape_configs:\n  - job_name: j\n    scrape_interval: 10s\n`)
      .scrapeConfigs[0]
    if (config === undefined) throw new Error('no scrape config')
    const target = populateTarget({ __address__: 'example:9100' }, config)
    if (!(target instanceof Target)) throw new Error('no target')
    return new ScrapeLoop(target, {
      config,
      appendable: storage,
      fetcher,
      accept: DEFAULT_ACCEPT,
      nativeHistograms: false,
      offsetSeed: 0n,
      now: Date.now,
      poolSignal: pool.signal,
    })
  }

  /** Starts a loop, lets it scrape twice, and stops it 2 s after the second scrape; returns the slot times. */
  async function scrapeTwiceAndStop(l: ScrapeLoop): Promise<{ first: number; stopped: number }> {
    const first = Date.now() + l.offsetMs(Date.now())
    l.start()
    await vi.advanceTimersByTimeAsync(first - Date.now() + INTERVAL_MS + 2000)
    expect(l.target.lastScrapeMs).toBe(first + INTERVAL_MS)
    await l.stop()
    return { first, stopped: Date.now() }
  }

  it('stamps the markers with the next slot and writes them one interval and 10 % after it', async () => {
    const l = loop()
    const { first } = await scrapeTwiceAndStop(l)
    const nextSlot = first + 2 * INTERVAL_MS
    expect(await staleAt(storage, 'a')).toEqual([])
    // Past the slot the markers are stamped with, and past one more interval: still nothing.
    await vi.advanceTimersByTimeAsync(nextSlot + INTERVAL_MS - Date.now() + 500)
    expect(await staleAt(storage, 'a')).toEqual([])
    await vi.advanceTimersByTimeAsync(INTERVAL_MS / 10)
    await l.ended()
    expect(await staleAt(storage, 'a')).toEqual([nextSlot])
    expect(await staleAt(storage, 'up')).toEqual([nextSlot])
  })

  it.each([
    ['the pool stops (shutdown or job removed)', (l: ScrapeLoop) => void l, () => pool.abort()],
    ['a reload hands its cache on', (l: ScrapeLoop) => l.disableEndOfRunStaleness(), () => undefined],
  ])('writes no markers when %s', async (_name, beforeStop, afterStop) => {
    const l = loop()
    beforeStop(l)
    await scrapeTwiceAndStop(l)
    afterStop()
    await vi.advanceTimersByTimeAsync(4 * INTERVAL_MS)
    await l.ended()
    expect(await staleAt(storage, 'a')).toEqual([])
    expect(await staleAt(storage, 'up')).toEqual([])
  })

  it('writes no markers for a loop stopped before its first scrape', async () => {
    const l = loop()
    l.start()
    await vi.advanceTimersByTimeAsync(l.offsetMs(Date.now()) / 2)
    await l.stop()
    await vi.advanceTimersByTimeAsync(4 * INTERVAL_MS)
    await l.ended()
    expect(l.target.lastScrapeMs).toBe(0)
    expect(await staleAt(storage, 'up')).toEqual([])
  })

  it('leaves series a recreated target keeps scraping alone (the late markers are out of order)', async () => {
    const l = loop()
    const { first } = await scrapeTwiceAndStop(l)
    const successor = loop()
    successor.start()
    await vi.advanceTimersByTimeAsync(4 * INTERVAL_MS)
    await l.ended()
    expect(successor.target.lastScrapeMs).toBeGreaterThan(first + 2 * INTERVAL_MS)
    expect(await staleAt(storage, 'a')).toEqual([])
    await successor.stop()
    pool.abort()
  })
})
