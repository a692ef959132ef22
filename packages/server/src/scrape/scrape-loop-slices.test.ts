import { MemoryStorage, type Appendable, type Appender } from '@watchfire/storage'
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../config/load-config.js'
import { DEFAULT_ACCEPT } from './accept-header.js'
import type { ScrapeFetcher } from './scrape-http.js'
import { ScrapeLoop } from './scrape-loop.js'
import { populateTarget, Target } from './target.js'

/**
 * Wraps a storage so each append records whether a macrotask queued at the scrape's first append has
 * run yet: true means the event loop got a turn in the middle of the scrape.
 */
class TurnRecorder implements Appendable {
  readonly turns: boolean[] = []
  private readonly inner = new MemoryStorage()

  appender(): Appender {
    const app = this.inner.appender()
    let ran: boolean | undefined
    return {
      append: (ref, labels, t, v) => {
        if (ran === undefined) {
          ran = false
          setImmediate(() => (ran = true))
        }
        this.turns.push(ran)
        return app.append(ref, labels, t, v)
      },
      appendHistogram: (ref, labels, t, h) => app.appendHistogram(ref, labels, t, h),
      commit: () => app.commit(),
      rollback: () => app.rollback(),
    }
  }
}

function loopOver(storage: Appendable, body: string): ScrapeLoop {
  const config = parseConfig('scrape_configs:\n  - job_name: j\n').scrapeConfigs[0]
  if (config === undefined) throw new Error('no scrape config')
  const target = populateTarget({ __address__: 'example:9100' }, config)
  if (!(target instanceof Target)) throw new Error('no target')
  const fetcher: ScrapeFetcher = () =>
    Promise.resolve({ body: Buffer.from(body), contentType: 'text/plain; version=0.0.4' })
  return new ScrapeLoop(target, {
    config,
    appendable: storage,
    fetcher,
    accept: DEFAULT_ACCEPT,
    nativeHistograms: false,
    offsetSeed: 0n,
    now: Date.now,
  })
}

const body = (n: number) => Array.from({ length: n }, (_, i) => `m{i="${i}"} 1\n`).join('')

describe('ScrapeLoop with many new series', () => {
  it('lets the event loop run while it builds thousands of new series', async () => {
    const storage = new TurnRecorder()
    const l = loopOver(storage, body(5000))
    await l.scrapeAndReport(1000)
    expect(l.target.health).toBe('up')
    const samples = storage.turns.slice(0, 5000)
    expect(samples).toHaveLength(5000)
    expect(samples.some((ran) => ran)).toBe(true)
    expect(samples[0]).toBe(false)
  })

  it('reads a body of known series in one go', async () => {
    const storage = new TurnRecorder()
    const l = loopOver(storage, body(5000))
    await l.scrapeAndReport(1000)
    storage.turns.length = 0
    await l.scrapeAndReport(2000)
    expect(storage.turns.slice(0, 5000).every((ran) => !ran)).toBe(true)
  })
})
