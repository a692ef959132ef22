import type { Appendable } from '@watchfire/storage'
import type { ScrapeConfig } from '../config/config-types.js'
import type { TargetGroup } from '../discovery/target-group.js'
import { acceptHeader } from './accept-header.js'
import type { ScrapeCounters } from './scrape-counters.js'
import { httpScrapeFetcher, type ScrapeFetcher } from './scrape-http.js'
import { ScrapeLoop, type ScrapeLoopContext } from './scrape-loop.js'
import { targetsFromGroups, type Target, type TargetError } from './target.js'

/** Settings a pool takes from its manager. */
export interface ScrapePoolOptions {
  appendable: Appendable
  nativeHistograms: boolean
  offsetSeed: bigint
  now: () => number
  /** Builds the HTTP client for a job; tests may substitute one. */
  fetcherFor: (config: ScrapeConfig) => ScrapeFetcher
  counters?: ScrapeCounters
}

/** The default fetcher factory: node:http(s) with the job's credentials and TLS settings. */
export function defaultFetcherFor(config: ScrapeConfig): ScrapeFetcher {
  return httpScrapeFetcher(config.httpClient)
}

/**
 * Whether a job's series keep their identity across a config change, so the restarted loops may take
 * over the old loops' caches: as Prometheus 2.42, everything but the interval, timeout, sample limit
 * and HTTP client settings must be unchanged.
 */
export function reusableCache(a: ScrapeConfig, b: ScrapeConfig): boolean {
  const strip = (c: ScrapeConfig): string =>
    JSON.stringify({ ...c, scrapeIntervalMs: 0, scrapeTimeoutMs: 0, sampleLimit: 0, httpClient: null })
  return strip(a) === strip(b)
}

/**
 * All scrape loops of one job. `sync` diffs the job's discovered targets against the running loops:
 * new targets get a loop, vanished ones are stopped (their series marked stale an interval later),
 * unchanged ones keep running. Over target_limit, every loop fails its scrapes without fetching.
 */
export class ScrapePool {
  private config: ScrapeConfig
  private readonly options: ScrapePoolOptions
  private readonly loops = new Map<string, ScrapeLoop>()
  private readonly controller = new AbortController()
  private groups: readonly TargetGroup[] = []
  private ctx: ScrapeLoopContext
  /** Targets relabelling refused, for the targets page. */
  dropped: TargetError[] = []

  constructor(config: ScrapeConfig, options: ScrapePoolOptions) {
    this.config = config
    this.options = options
    this.ctx = this.context(config)
  }

  private context(config: ScrapeConfig): ScrapeLoopContext {
    return {
      config,
      appendable: this.options.appendable,
      fetcher: this.options.fetcherFor(config),
      accept: acceptHeader(config.scrapeProtocols, this.options.nativeHistograms),
      nativeHistograms: this.options.nativeHistograms,
      offsetSeed: this.options.offsetSeed,
      now: this.options.now,
      counters: this.options.counters,
      poolSignal: this.controller.signal,
    }
  }

  /** The running targets. */
  activeTargets(): Target[] {
    return [...this.loops.values()].map((loop) => loop.target)
  }

  /** Replaces the discovered groups and reconciles the loops with them. */
  async sync(groups: readonly TargetGroup[]): Promise<void> {
    await this.reconcile(groups, false)
  }

  /**
   * Applies a changed job config: targets are rebuilt from the same groups and every surviving loop
   * restarts with the new settings, taking over its predecessor's cache when the series stay the same.
   */
  async reload(config: ScrapeConfig): Promise<void> {
    const reuse = reusableCache(this.config, config)
    this.config = config
    this.ctx = this.context(config)
    await this.reconcile(this.groups, true, reuse)
  }

  private async reconcile(
    groups: readonly TargetGroup[],
    restart: boolean,
    reuseCache = false,
  ): Promise<void> {
    this.groups = groups
    const { targets, dropped } = targetsFromGroups(groups, this.config)
    this.dropped = dropped
    const wanted = new Map<string, Target>()
    for (const target of targets) if (!wanted.has(target.key)) wanted.set(target.key, target)
    const stops: Promise<void>[] = []
    const starts: ScrapeLoop[] = []
    for (const [key, loop] of this.loops) {
      if (wanted.has(key)) continue
      this.loops.delete(key)
      stops.push(loop.stop())
    }
    for (const [key, target] of wanted) {
      const old = this.loops.get(key)
      if (old === undefined) {
        const loop = new ScrapeLoop(target, this.ctx)
        this.loops.set(key, loop)
        starts.push(loop)
      } else if (restart) {
        if (reuseCache) old.disableEndOfRunStaleness()
        // The target object stays, so its health and last error carry over as in Prometheus.
        const loop = new ScrapeLoop(old.target, this.ctx, reuseCache ? old.cache : undefined)
        this.loops.set(key, loop)
        stops.push(old.stop().then(() => loop.start()))
      }
    }
    const limitError = this.targetLimitError()
    for (const loop of this.loops.values()) loop.setForcedError(limitError)
    for (const loop of starts) loop.start()
    await Promise.all(stops)
  }

  /** Prometheus's refreshTargetLimitErr: the error every loop reports while the job has too many targets. */
  private targetLimitError(): string | undefined {
    const limit = this.config.targetLimit
    if (limit === 0 || this.loops.size <= limit) return undefined
    this.options.counters?.exceededTargetLimit()
    return `target_limit exceeded (number of targets: ${this.loops.size}, limit: ${limit})`
  }

  /** Stops every loop for good (shutdown, job removed): no end-of-run staleness markers, as in Prometheus. */
  async stop(): Promise<void> {
    this.controller.abort()
    const loops = [...this.loops.values()]
    this.loops.clear()
    await Promise.all(loops.map((loop) => loop.stop()))
  }
}
