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
  offsetSeed: number
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
 * All scrape loops of one job. `sync` diffs the job's discovered targets against the running loops:
 * new targets get a loop, vanished ones are stopped (and their series marked stale), unchanged ones
 * keep running.
 */
export class ScrapePool {
  private config: ScrapeConfig
  private readonly options: ScrapePoolOptions
  private readonly loops = new Map<string, ScrapeLoop>()
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
    }
  }

  /** The running targets. */
  activeTargets(): Target[] {
    return [...this.loops.values()].map((loop) => loop.target)
  }

  /** Replaces the discovered groups and reconciles the loops with them. */
  async sync(groups: readonly TargetGroup[]): Promise<void> {
    this.groups = groups
    const { targets, dropped } = targetsFromGroups(groups, this.config)
    this.dropped = dropped
    const limit = this.config.targetLimit
    const wanted = new Map<string, Target>()
    for (const target of targets) if (!wanted.has(target.key)) wanted.set(target.key, target)
    const stops: Promise<void>[] = []
    for (const [key, loop] of this.loops) {
      if (wanted.has(key)) continue
      this.loops.delete(key)
      stops.push(loop.stop())
    }
    for (const [key, target] of wanted) {
      if (this.loops.has(key)) continue
      if (limit > 0 && wanted.size > limit) {
        target.health = 'down'
        target.lastError = `target_limit exceeded (number of targets: ${wanted.size}, limit: ${limit})`
        continue
      }
      const loop = new ScrapeLoop(target, this.ctx)
      this.loops.set(key, loop)
      loop.start()
    }
    await Promise.all(stops)
  }

  /** Applies a changed job config: every loop restarts with the new settings. */
  async reload(config: ScrapeConfig): Promise<void> {
    this.config = config
    this.ctx = this.context(config)
    await this.stop()
    await this.sync(this.groups)
  }

  /** Stops every loop, marking their series stale. */
  async stop(): Promise<void> {
    const loops = [...this.loops.values()]
    this.loops.clear()
    await Promise.all(loops.map((loop) => loop.stop()))
  }
}
