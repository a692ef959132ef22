import { Engine } from '@watchfire/promql'
import {
  DEFAULT_ACCEPT,
  formatDuration,
  NATIVE_HISTOGRAMS_ACCEPT,
  parseConfig,
  populateTarget,
  ScrapeLoop,
  Target,
} from '@watchfire/server'
import { MemoryStorage } from '@watchfire/storage'
import { durationMs, timeMs, type DurationInput, type TimeInput } from './duration.js'
import { HarnessError } from './errors.js'
import { sourceFetcher, type MetricsSource } from './metrics-source.js'
import { MetricsQueryResult } from './query-result.js'
import { evaluateAlerts, type HarnessAlert } from './rule-alerts.js'

/** How a harness scrapes and evaluates; every field has a default. */
export interface MetricsHarnessOptions {
  /** Scrape interval, default `'15s'` (Prometheus's default is 1m; 15s is what most setups use). */
  interval?: DurationInput
  /** Fake time of the first scrape, default 0 (the epoch), so times in results read as offsets. */
  start?: TimeInput
  /** The `job` label of every scraped series, default `'app'`. */
  job?: string
  /** The `instance` label of every scraped series, default `'harness:0'`. */
  instance?: string
  /** Path a handler source is asked for, default `/metrics`. */
  metricsPath?: string
  /** Negotiate protobuf and keep native histograms, as Prometheus does with the feature flag. Default false. */
  nativeHistograms?: boolean
  /** Rule evaluation interval for groups without their own `interval`, default the scrape interval. */
  evaluationInterval?: DurationInput
  /** How far back an instant selector looks, default Prometheus's 5m. */
  lookbackDelta?: DurationInput
}

/** Options of {@link MetricsHarness.advance}. */
export interface AdvanceOptions {
  /**
   * The app's work for the interval ending at `timeMs`: runs before every scrape except the one at
   * the start time (which records the app as it was before any work).
   */
  each?: (timeMs: number) => void | Promise<void>
}

/** Options of {@link MetricsHarness.queryRange}. */
export interface RangeOptions {
  /** Default the harness's start time. */
  start?: TimeInput
  /** Default now. */
  end?: TimeInput
  /** Default the scrape interval. */
  step?: DurationInput
}

/**
 * Scrapes one app on a fake clock into an in-memory store with the server's own scrape loop (same
 * parser, same target labels, same `up`/`scrape_*` series and staleness markers), and answers
 * PromQL and rule files against what it scraped. Time moves only when `advance` is called: there
 * are no timers and no sleeps. `Date.now()` inside the app is not faked.
 */
export class MetricsHarness {
  /** Milliseconds between scrapes. */
  readonly intervalMs: number
  /** Fake time of the first scrape. */
  readonly startMs: number
  /** Everything scraped so far; query it directly for what the helpers do not cover. */
  readonly storage = new MemoryStorage()
  /** The engine queries run on. */
  readonly engine: Engine
  private readonly loop: ScrapeLoop
  private readonly evaluationIntervalMs: number
  private nowMs: number
  /** Time of the latest scrape; undefined before the first. */
  private lastScrapeMs: number | undefined
  private busy = false

  constructor(source: MetricsSource, options: MetricsHarnessOptions = {}) {
    this.intervalMs = durationMs(options.interval ?? '15s', 'interval')
    if (this.intervalMs === 0)
      throw new HarnessError('ERR_HARNESS_DURATION', 'cannot scrape every 0s (interval must be positive)')
    this.startMs = timeMs(options.start ?? 0, 'start')
    this.nowMs = this.startMs
    this.evaluationIntervalMs = durationMs(
      options.evaluationInterval ?? this.intervalMs,
      'evaluationInterval',
    )
    if (this.evaluationIntervalMs === 0)
      throw new HarnessError(
        'ERR_HARNESS_DURATION',
        'cannot evaluate rules every 0s (evaluationInterval must be positive)',
      )
    this.engine = new Engine(
      options.lookbackDelta === undefined
        ? {}
        : { lookbackDeltaMs: durationMs(options.lookbackDelta, 'lookbackDelta') },
    )
    const interval = formatDuration(this.intervalMs)
    const config = parseConfig(
      `scrape_configs:\n  - job_name: ${JSON.stringify(options.job ?? 'app')}\n` +
        `    scrape_interval: ${interval}\n    scrape_timeout: ${interval}\n`,
    ).scrapeConfigs[0]
    if (config === undefined) throw new HarnessError('ERR_HARNESS_SOURCE', 'cannot build the scrape config')
    const instance = options.instance ?? 'harness:0'
    const target = populateTarget({ __address__: instance }, config)
    if (!(target instanceof Target))
      throw new HarnessError(
        'ERR_HARNESS_SOURCE',
        `cannot scrape instance ${JSON.stringify(instance)} (${target?.error ?? 'dropped by relabelling'})`,
      )
    const nativeHistograms = options.nativeHistograms ?? false
    this.loop = new ScrapeLoop(target, {
      config,
      appendable: this.storage,
      fetcher: sourceFetcher(source, options.metricsPath ?? '/metrics'),
      accept: nativeHistograms ? NATIVE_HISTOGRAMS_ACCEPT : DEFAULT_ACCEPT,
      nativeHistograms,
      offsetSeed: 0,
      now: () => this.nowMs,
    })
  }

  /** The current fake time in milliseconds since the epoch. */
  now(): number {
    return this.nowMs
  }

  /**
   * Moves fake time forward by `by`, scraping at every interval boundary on the way (and at the
   * start time on the first call); `options.each` lets the app work between scrapes.
   */
  async advance(by: DurationInput, options: AdvanceOptions = {}): Promise<void> {
    const until = this.nowMs + durationMs(by, 'advance()')
    await this.exclusive(async () => {
      let next = this.lastScrapeMs === undefined ? this.startMs : this.nextBoundary(this.lastScrapeMs)
      while (next <= until) {
        this.nowMs = next
        if (this.lastScrapeMs !== undefined && options.each !== undefined) await options.each(next)
        await this.loop.scrapeAndReport(next)
        this.lastScrapeMs = next
        next += this.intervalMs
      }
      this.nowMs = until
    })
  }

  /** Scrapes once now, outside the schedule (a no-op if a scrape already happened at this time). */
  async scrape(): Promise<void> {
    await this.exclusive(async () => {
      if (this.lastScrapeMs === this.nowMs) return
      await this.loop.scrapeAndReport(this.nowMs)
      this.lastScrapeMs = this.nowMs
    })
  }

  /** Evaluates `expr` at `at` (default now). */
  async query(expr: string, at?: TimeInput): Promise<MetricsQueryResult> {
    const t = at === undefined ? this.nowMs : timeMs(at, 'query time')
    const { value, warnings } = await this.engine.instantQuery(this.storage, expr, t)
    return new MetricsQueryResult(expr, value, warnings, {
      kind: 'instant',
      timeMs: t,
      startMs: this.startMs,
    })
  }

  /** Evaluates `expr` at every step from `start` to `end`; the result is always a matrix. */
  async queryRange(expr: string, options: RangeOptions = {}): Promise<MetricsQueryResult> {
    const startMs = options.start === undefined ? this.startMs : timeMs(options.start, 'range start')
    const endMs = options.end === undefined ? this.nowMs : timeMs(options.end, 'range end')
    const stepMs = options.step === undefined ? this.intervalMs : durationMs(options.step, 'step')
    const { value, warnings } = await this.engine.rangeQuery(this.storage, expr, startMs, endMs, stepMs)
    return new MetricsQueryResult(expr, value, warnings, {
      kind: 'range',
      startMs,
      endMs,
      stepMs,
      harnessStartMs: this.startMs,
    })
  }

  /**
   * The pending and firing alerts of a Prometheus rule file (a path, or the YAML itself) at the
   * current fake time, as a server evaluating it since the start would hold them.
   */
  async alerts(ruleFile: string): Promise<HarnessAlert[]> {
    return evaluateAlerts(ruleFile, {
      queryable: this.storage,
      engine: this.engine,
      startMs: this.startMs,
      nowMs: this.nowMs,
      evaluationIntervalMs: this.evaluationIntervalMs,
    })
  }

  private nextBoundary(afterMs: number): number {
    const k = Math.floor((afterMs - this.startMs) / this.intervalMs) + 1
    return this.startMs + k * this.intervalMs
  }

  private async exclusive(work: () => Promise<void>): Promise<void> {
    if (this.busy)
      throw new HarnessError(
        'ERR_HARNESS_BUSY',
        'cannot move the harness (an advance() or scrape() is still running: await it)',
      )
    this.busy = true
    try {
      await work()
    } finally {
      this.busy = false
    }
  }
}

/** A harness scraping `source` every `options.interval` (default 15s) on a fake clock. */
export function metricsHarness(source: MetricsSource, options: MetricsHarnessOptions = {}): MetricsHarness {
  return new MetricsHarness(source, options)
}
