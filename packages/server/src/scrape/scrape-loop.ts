import { Labels, relabel, type Exemplar, type NativeHistogram } from '@watchfire/model'
import {
  ERR_DUPLICATE_SAMPLE_FOR_TIMESTAMP,
  ERR_OUT_OF_BOUNDS,
  ERR_OUT_OF_ORDER_SAMPLE,
  STALE_NAN,
  type Appendable,
  type Appender,
} from '@watchfire/storage'
import type { ScrapeConfig } from '../config/config-types.js'
import { formatOfContentType, readSamples, type SampleSink } from './exposition-samples.js'
import { labelLimitProblem, mergeTargetLabels } from './sample-labels.js'
import type { ScrapeCounters } from './scrape-counters.js'
import { BodySizeLimitError, type ScrapeFetcher } from './scrape-http.js'
import type { Target } from './target.js'

/** What a scrape loop needs besides its target; shared by all loops of a pool. */
export interface ScrapeLoopContext {
  config: ScrapeConfig
  appendable: Appendable
  fetcher: ScrapeFetcher
  accept: string
  nativeHistograms: boolean
  /** Mixed into the start offset so several servers scraping one target spread out. */
  offsetSeed: number
  now: () => number
  /** Counts body-size and sample-limit failures and samples the storage refused. */
  counters?: ScrapeCounters
}

interface CacheEntry {
  /** The series text (or built key) the entry is cached under. */
  key: string
  labels: Labels | undefined
  ref: number
  /** The scrape (by number) that last saw this series. */
  seenIn: number
  /** The scrape that last appended it at the scrape's own time, so it is owed a staleness marker when it goes. */
  stampedIn: number
}

const REPORT_NAMES = [
  'up',
  'scrape_duration_seconds',
  'scrape_samples_scraped',
  'scrape_samples_post_metric_relabeling',
  'scrape_series_added',
] as const

/** A scrape that failed as a whole (limits); the samples already appended are rolled back. */
class ScrapeFailure extends Error {}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
    function done(): void {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
  })
}

/**
 * Scrapes one target every interval, starting at an offset derived from the target's hash so a
 * job's targets spread over the interval. Each scrape appends the samples, the five synthetic
 * series and staleness markers for series that went away, in one appender; the loop's last act
 * is to mark everything it wrote stale.
 */
export class ScrapeLoop {
  readonly target: Target
  private readonly ctx: ScrapeLoopContext
  private readonly cache = new Map<string, CacheEntry>()
  /**
   * The previous text body's entries in the order it listed them: an exporter usually lists the same
   * series in the same order, so comparing the text in place finds the entry without a string or a hash.
   */
  private order: CacheEntry[] = []
  /** Numbers scrapes, so per-series bookkeeping is two integers on the cache entry rather than per-scrape sets. */
  private iteration = 0
  /** The scrape whose series are owed staleness markers when they go; -1 (no scrape) after a failure. Scrapes count from 1. */
  private previousIteration = -1
  private readonly reportLabels: Labels[]
  private readonly reportRefs = [0, 0, 0, 0, 0]
  private readonly controller = new AbortController()
  private done: Promise<void> | undefined
  private lastTimestampMs = 0

  constructor(target: Target, ctx: ScrapeLoopContext) {
    this.target = target
    this.ctx = ctx
    this.reportLabels = REPORT_NAMES.map((name) => target.seriesLabels.with('__name__', name))
  }

  /** Milliseconds from `nowMs` to this target's slot in the interval. */
  offsetMs(nowMs: number): number {
    const interval = this.target.intervalMs
    const slot = ((this.target.labels.hash() ^ this.ctx.offsetSeed) >>> 0) % interval
    return (slot - (nowMs % interval) + interval) % interval
  }

  /** Starts the loop; returns immediately. */
  start(): void {
    this.done ??= this.run()
  }

  /** Stops the loop, waits for a scrape in flight, and writes staleness markers for every series it wrote. */
  async stop(): Promise<void> {
    this.controller.abort()
    await this.done
    if (this.lastTimestampMs > 0) await this.markAllStale(Math.max(this.ctx.now(), this.lastTimestampMs + 1))
  }

  private async run(): Promise<void> {
    const signal = this.controller.signal
    const interval = this.target.intervalMs
    await sleep(this.offsetMs(this.ctx.now()), signal)
    let next = this.ctx.now()
    while (!signal.aborted) {
      await this.scrapeAndReport(this.ctx.now())
      next += interval
      const now = this.ctx.now()
      // A scrape that overran skips the slots it missed instead of bunching up.
      if (next < now) next += Math.ceil((now - next) / interval) * interval
      await sleep(next - now, signal)
    }
  }

  /** One scrape at `timestampMs`: fetch, parse, append, report. Never throws for target problems. */
  async scrapeAndReport(timestampMs: number): Promise<void> {
    const { config } = this.ctx
    const started = performance.now()
    let error: unknown
    let scraped = 0
    let postRelabel = 0
    let added = 0
    let app: Appender = this.ctx.appendable.appender()
    try {
      const res = await this.ctx.fetcher(this.target.url, this.headers(), {
        timeoutMs: this.target.timeoutMs,
        bodySizeLimitBytes: config.bodySizeLimitBytes,
        signal: this.controller.signal,
      })
      const result = this.appendBody(app, res.body, res.contentType, timestampMs)
      ;({ scraped, postRelabel, added } = result)
    } catch (err) {
      error = err
      if (err instanceof BodySizeLimitError) this.ctx.counters?.exceededBodySizeLimit()
      await app.rollback()
      app = this.ctx.appendable.appender()
      // A failed scrape ends every series of the previous one, as in Prometheus.
      this.appendStale(app, this.previousSeries(), timestampMs)
      this.previousIteration = -1
    }
    const durationSeconds = (performance.now() - started) / 1000
    const values = [error === undefined ? 1 : 0, durationSeconds, scraped, postRelabel, added]
    for (let i = 0; i < values.length; i++) this.appendReport(app, i, timestampMs, values[i] as number)
    await app.commit()
    this.lastTimestampMs = timestampMs
    this.target.health = error === undefined ? 'up' : 'down'
    this.target.lastError = error === undefined ? '' : error instanceof Error ? error.message : String(error)
    this.target.lastScrapeMs = timestampMs
    this.target.lastScrapeDurationMs = durationSeconds * 1000
  }

  private headers(): Record<string, string> {
    return {
      Accept: this.ctx.accept,
      'Accept-Encoding': 'gzip',
      'User-Agent': 'Watchfire/0.1.0',
      'X-Prometheus-Scrape-Timeout-Seconds': String(this.target.timeoutMs / 1000),
    }
  }

  private appendReport(app: Appender, i: number, t: number, v: number): void {
    try {
      this.reportRefs[i] = app.append(this.reportRefs[i] as number, this.reportLabels[i] as Labels, t, v)
    } catch (err) {
      if (!isRejection(err)) throw err
    }
  }

  private *previousSeries(): IterableIterator<Labels> {
    for (const entry of this.cache.values())
      if (entry.stampedIn === this.previousIteration && entry.labels !== undefined) yield entry.labels
  }

  private appendStale(app: Appender, series: Iterable<Labels>, t: number): void {
    for (const labels of series) {
      try {
        app.append(0, labels, t, STALE_NAN)
      } catch (err) {
        if (!isRejection(err)) throw err
      }
    }
  }

  private async markAllStale(t: number): Promise<void> {
    const app = this.ctx.appendable.appender()
    this.appendStale(app, this.previousSeries(), t)
    for (let i = 0; i < this.reportLabels.length; i++) this.appendReport(app, i, t, STALE_NAN)
    this.previousIteration = -1
    await app.commit()
  }

  /** Appends a body's samples; throws (leaving `app` to be rolled back) when the scrape fails as a whole. */
  private appendBody(
    app: Appender,
    body: Buffer,
    contentType: string,
    scrapeTimeMs: number,
  ): { scraped: number; postRelabel: number; added: number } {
    const config = this.ctx.config
    const iteration = ++this.iteration
    let scraped = 0
    let postRelabel = 0
    let added = 0
    let limitError: string | undefined
    const create = (
      key: string,
      name: string,
      names: readonly string[],
      values: readonly string[],
      count: number,
    ): CacheEntry => {
      const merged = mergeTargetLabels(
        name,
        names,
        values,
        count,
        this.target.seriesLabels,
        config.honorLabels,
      )
      const labels = relabel(merged, config.metricRelabelConfigs)
      if (labels !== undefined) {
        const problem = labelLimitProblem(labels, config)
        if (problem !== undefined) throw new ScrapeFailure(problem)
      }
      const entry = { key, labels, ref: 0, seenIn: iteration, stampedIn: 0 }
      this.cache.set(key, entry)
      if (labels !== undefined) added++
      return entry
    }
    const resolve = (
      key: string,
      name: string,
      names: readonly string[],
      values: readonly string[],
      count: number,
    ): CacheEntry => {
      const entry = this.cache.get(key) ?? create(key, name, names, values, count)
      entry.seenIn = iteration
      return entry
    }
    const order = this.order
    let position = 0
    const admit = (entry: CacheEntry): boolean => {
      if (entry.labels === undefined) return false
      postRelabel++
      if (config.sampleLimit > 0 && postRelabel > config.sampleLimit) {
        limitError = 'sample limit exceeded'
        return false
      }
      return true
    }
    const appendFloat = (entry: CacheEntry, v: number, ts: number | undefined, exemplar?: Exemplar): void => {
      if (!admit(entry)) return
      const explicit = config.honorTimestamps && ts !== undefined
      try {
        entry.ref = app.append(entry.ref, entry.labels as Labels, explicit ? ts : scrapeTimeMs, v)
      } catch (err) {
        if (!isRejection(err)) throw err
        this.ctx.counters?.sampleRejected(err)
      }
      if (exemplar !== undefined)
        appendExemplar(app, entry, exemplar, explicit ? (ts as number) : scrapeTimeMs)
      // Series with their own timestamps get no staleness markers, as in Prometheus.
      if (!explicit) entry.stampedIn = iteration
    }
    const sink: SampleSink = {
      sample: (name, names, values, count, v, ts, seriesText, exemplar) => {
        scraped++
        const key = seriesText ?? seriesKey(name, names, values, count)
        appendFloat(resolve(key, name, names, values, count), v, ts, exemplar)
      },
      textSample: (p) => {
        scraped++
        let entry = order[position]
        if (entry === undefined || !p.seriesTextIs(entry.key)) {
          const key = p.seriesText
          entry = this.cache.get(key)
          if (entry === undefined) {
            p.parseLabels()
            entry = create(key, p.metricName, p.labelNames, p.labelValues, p.labelCount)
          }
          order[position] = entry
        }
        position++
        entry.seenIn = iteration
        appendFloat(entry, p.value, p.timestampMs)
      },
      histogram: (name, names, values, count, h: NativeHistogram, ts) => {
        scraped++
        const key = seriesKey(name, names, values, count)
        const entry = resolve(key, name, names, values, count)
        if (!admit(entry)) return
        const explicit = config.honorTimestamps && ts !== undefined
        try {
          entry.ref = app.appendHistogram(entry.ref, entry.labels as Labels, explicit ? ts : scrapeTimeMs, h)
        } catch (err) {
          if (!isRejection(err)) throw err
          this.ctx.counters?.sampleRejected(err)
        }
        if (!explicit) entry.stampedIn = iteration
      },
    }
    readSamples(body, formatOfContentType(contentType), sink, this.ctx.nativeHistograms)
    if (limitError !== undefined) {
      this.ctx.counters?.exceededSampleLimit()
      throw new ScrapeFailure(limitError)
    }
    const gone: Labels[] = []
    for (const [key, entry] of this.cache) {
      if (entry.stampedIn === this.previousIteration && entry.labels !== undefined) gone.push(entry.labels)
      if (entry.seenIn !== iteration) this.cache.delete(key)
    }
    // Entries past this body's length may have just left the cache.
    order.length = position
    this.appendStale(app, gone, scrapeTimeMs)
    this.previousIteration = iteration
    return { scraped, postRelabel, added }
  }
}

/** Hands a sample's exemplar to the appender (stores without exemplars leave the method out); untimed ones take the sample's time. */
function appendExemplar(app: Appender, entry: CacheEntry, exemplar: Exemplar, sampleTimeMs: number): void {
  if (app.appendExemplar === undefined || entry.ref === 0) return
  const timed = exemplar.timestampMs === undefined ? { ...exemplar, timestampMs: sampleTimeMs } : exemplar
  app.appendExemplar(entry.ref, entry.labels as Labels, timed)
}

function seriesKey(name: string, names: readonly string[], values: readonly string[], count: number): string {
  let key = name
  for (let i = 0; i < count; i++) key += `\xff${names[i] as string}\xfe${values[i] as string}`
  return key
}

function isRejection(err: unknown): boolean {
  return (
    err === ERR_OUT_OF_ORDER_SAMPLE || err === ERR_DUPLICATE_SAMPLE_FOR_TIMESTAMP || err === ERR_OUT_OF_BOUNDS
  )
}
