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
import { formatOfContentType, sampleReader, type SampleSink } from './exposition-samples.js'
import { labelLimitProblem, mergeTargetLabels } from './sample-labels.js'
import type { ScrapeCounters } from './scrape-counters.js'
import { BodySizeLimitError, type ScrapeFetcher } from './scrape-http.js'
import type { Target } from './target.js'
import { ScrapeCache, type CacheEntry } from './scrape-cache.js'
import { scrapeOffsetMs, scrapeSlotNs, targetHash64 } from './target-offset.js'

/** What a scrape loop needs besides its target; shared by all loops of a pool. */
export interface ScrapeLoopContext {
  config: ScrapeConfig
  appendable: Appendable
  fetcher: ScrapeFetcher
  accept: string
  nativeHistograms: boolean
  /**
   * Mixed into the target hash so several servers scraping one target spread out (see target-offset.ts);
   * a number is taken as that 64-bit integer.
   */
  offsetSeed: bigint | number
  now: () => number
  /** Counts body-size and sample-limit failures and samples the storage refused. */
  counters?: ScrapeCounters
  /**
   * Aborted when the pool itself stops (shutdown, job removed): loops then end without the delayed
   * end-of-run staleness markers, as Prometheus presumes the server will resume where it left off.
   */
  poolSignal?: AbortSignal
}

const REPORT_NAMES = [
  'up',
  'scrape_duration_seconds',
  'scrape_samples_scraped',
  'scrape_samples_post_metric_relabeling',
  'scrape_series_added',
] as const

/** How far (ms) a scrape may start after its slot and still be stamped with the slot's time, as Prometheus aligns them. */
const ALIGN_TOLERANCE_MS = 2

/** New series built between two turns of the event loop (a few milliseconds' work). */
const CREATE_SLICE = 500

/** A scrape that failed as a whole (limits); the samples already appended are rolled back. */
class ScrapeFailure extends Error {}

const NEVER = new AbortController().signal

/** Resolves after `ms` or as soon as `signal` aborts; true if the time ran out. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false)
    const timer = setTimeout(done, Math.max(0, ms))
    signal.addEventListener('abort', done, { once: true })
    function done(): void {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve(!signal.aborted)
    }
  })
}

/**
 * Scrapes one target every interval, starting at the target's slot in the interval (a 64-bit hash of
 * the target, as in Prometheus) so a job's targets spread out. Each scrape appends the samples, the
 * five synthetic series and staleness markers for series that went away, in one appender. When the
 * loop is stopped because its target went away, it marks everything it wrote stale as Prometheus
 * 2.42 does: stamped with the time of the next scrape it would have made, and written one interval
 * (plus 10 %) after that, so a target that comes straight back overwrites nothing.
 */
export class ScrapeLoop {
  readonly target: Target
  /** The series this loop knows; handed to the next loop when a reload keeps them valid. */
  readonly cache: ScrapeCache
  private readonly ctx: ScrapeLoopContext
  private readonly reportLabels: Labels[]
  private readonly reportRefs = [0, 0, 0, 0, 0]
  private readonly controller = new AbortController()
  private readonly slotNs: number
  private done: Promise<void> | undefined
  private ending: Promise<void> = Promise.resolve()
  private scraped = false
  /** When the next scrape is due; the end-of-run markers take the first such time after the stop. */
  private nextMs = 0
  private forcedError: string | undefined
  private endOfRunStaleness = true

  constructor(target: Target, ctx: ScrapeLoopContext, cache: ScrapeCache = new ScrapeCache()) {
    this.target = target
    this.ctx = ctx
    this.cache = cache
    this.reportLabels = REPORT_NAMES.map((name) => target.seriesLabels.with('__name__', name))
    const seed = BigInt.asUintN(64, BigInt(ctx.offsetSeed))
    this.slotNs = scrapeSlotNs(targetHash64(target.labels, target.url), seed, target.intervalMs)
  }

  /** Milliseconds from `nowMs` to this target's slot in the interval, in (0, interval]. */
  offsetMs(nowMs: number): number {
    return scrapeOffsetMs(this.slotNs, this.target.intervalMs, nowMs)
  }

  /** Makes every scrape fail with `message` without fetching (target_limit), or scrape again (undefined). */
  setForcedError(message: string | undefined): void {
    this.forcedError = message
  }

  /** Skips the end-of-run staleness markers: a reload hands this loop's cache to its successor. */
  disableEndOfRunStaleness(): void {
    this.endOfRunStaleness = false
  }

  /** Starts the loop; returns immediately. */
  start(): void {
    this.done ??= this.run()
  }

  /**
   * Stops the loop and waits for a scrape in flight. The end-of-run staleness markers follow later
   * (see {@link ended}) unless the loop never scraped, they were disabled, or the pool stops first.
   */
  async stop(): Promise<void> {
    this.controller.abort()
    await this.done
    if (this.scraped && this.endOfRunStaleness) this.ending = this.markStaleAtNextSlot()
  }

  /** Resolves once the end-of-run staleness work (written or abandoned) is over. */
  ended(): Promise<void> {
    return this.ending
  }

  private async run(): Promise<void> {
    const signal = this.controller.signal
    const interval = this.target.intervalMs
    await sleep(this.offsetMs(this.ctx.now()), signal)
    let next = this.ctx.now()
    while (!signal.aborted) {
      const now = this.ctx.now()
      const late = now - next
      await this.scrapeAndReport(late >= 0 && late <= ALIGN_TOLERANCE_MS ? next : now)
      next += interval
      const after = this.ctx.now()
      // A scrape that overran skips the slots it missed instead of bunching up.
      if (next < after) next += Math.ceil((after - next) / interval) * interval
      this.nextMs = next
      await sleep(next - after, signal)
    }
  }

  private async markStaleAtNextSlot(): Promise<void> {
    const signal = this.ctx.poolSignal ?? NEVER
    const interval = this.target.intervalMs
    let slot = this.nextMs
    const now = this.ctx.now()
    if (slot < now) slot += Math.ceil((now - slot) / interval) * interval
    if (!(await sleep(slot - now, signal))) return
    const staleTimeMs = this.ctx.now()
    // One more interval, by when a recreated target has been scraped again, and 10 % to be safe.
    if (!(await sleep(interval + interval / 10, signal)) || !this.endOfRunStaleness) return
    await this.markAllStale(staleTimeMs)
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
      if (this.forcedError !== undefined) throw new ScrapeFailure(this.forcedError)
      const res = await this.ctx.fetcher(this.target.url, this.headers(), {
        timeoutMs: this.target.timeoutMs,
        bodySizeLimitBytes: config.bodySizeLimitBytes,
        signal: this.controller.signal,
      })
      const result = await this.appendBody(app, res.body, res.contentType, timestampMs)
      ;({ scraped, postRelabel, added } = result)
    } catch (err) {
      error = err
      if (err instanceof BodySizeLimitError) this.ctx.counters?.exceededBodySizeLimit()
      await app.rollback()
      app = this.ctx.appendable.appender()
      // A failed scrape ends every series of the previous one, as in Prometheus.
      this.appendStale(app, this.cache.previousSeries(), timestampMs)
      this.cache.previousIteration = -1
    }
    const durationSeconds = (performance.now() - started) / 1000
    const values = [error === undefined ? 1 : 0, durationSeconds, scraped, postRelabel, added]
    for (let i = 0; i < values.length; i++) this.appendReport(app, i, timestampMs, values[i] as number)
    await app.commit()
    this.scraped = true
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

  private appendStale(app: Appender, series: readonly CacheEntry[], t: number): void {
    for (const entry of series) {
      try {
        app.append(entry.ref, entry.labels as Labels, t, STALE_NAN)
      } catch (err) {
        if (!isRejection(err)) throw err
      }
    }
  }

  private async markAllStale(t: number): Promise<void> {
    const app = this.ctx.appendable.appender()
    this.appendStale(app, this.cache.previousSeries(), t)
    for (let i = 0; i < this.reportLabels.length; i++) this.appendReport(app, i, t, STALE_NAN)
    this.cache.previousIteration = -1
    await app.commit()
  }

  /**
   * Appends a body's samples; throws (leaving `app` to be rolled back) when the scrape fails as a whole.
   * Series seen before cost a text comparison and an append; new ones are built (labels, relabelling,
   * limits, a head series) and, every {@link CREATE_SLICE} of them, the event loop gets a turn, so a
   * target exposing a few hundred thousand new series does not stall every other scrape and query.
   */
  private async appendBody(
    app: Appender,
    body: Buffer,
    contentType: string,
    scrapeTimeMs: number,
  ): Promise<{ scraped: number; postRelabel: number; added: number }> {
    const config = this.ctx.config
    const cache = this.cache
    const iteration = ++cache.iteration
    let scraped = 0
    let postRelabel = 0
    let added = 0
    let limitError: string | undefined
    let created = 0
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
        if (problem !== undefined) {
          this.ctx.counters?.exceededLabelLimits()
          throw new ScrapeFailure(problem)
        }
      }
      const entry = { key, labels, ref: 0, seenIn: iteration, stampedIn: 0 }
      cache.entries.set(key, entry)
      if (labels !== undefined) added++
      if (++created % CREATE_SLICE === 0) sink.pause = true
      return entry
    }
    const resolve = (
      key: string,
      name: string,
      names: readonly string[],
      values: readonly string[],
      count: number,
    ): CacheEntry => {
      const entry = cache.entries.get(key) ?? create(key, name, names, values, count)
      entry.seenIn = iteration
      return entry
    }
    const order = cache.order
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
      pause: false,
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
          entry = cache.entries.get(key)
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
    const read = sampleReader(body, formatOfContentType(contentType), sink, this.ctx.nativeHistograms)
    while (!read()) {
      sink.pause = false
      await new Promise((resolve) => setImmediate(resolve))
    }
    if (limitError !== undefined) {
      this.ctx.counters?.exceededSampleLimit()
      throw new ScrapeFailure(limitError)
    }
    const gone: CacheEntry[] = []
    for (const [key, entry] of cache.entries) {
      if (entry.stampedIn === cache.previousIteration && entry.labels !== undefined) gone.push(entry)
      if (entry.seenIn !== iteration) cache.entries.delete(key)
    }
    // Entries past this body's length may have just left the cache.
    order.length = position
    this.appendStale(app, gone, scrapeTimeMs)
    cache.previousIteration = iteration
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
