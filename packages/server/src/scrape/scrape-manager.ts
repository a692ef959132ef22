import { hostname } from 'node:os'
import { Labels } from '@watchfire/model'
import type { Appendable } from '@watchfire/storage'
import type { Config, ScrapeConfig } from '../config/config-types.js'
import type { TargetGroup } from '../discovery/target-group.js'
import { ScrapeCounters } from './scrape-counters.js'
import type { ScrapeFetcher } from './scrape-http.js'
import { defaultFetcherFor, ScrapePool } from './scrape-pool.js'
import type { Target, TargetError } from './target.js'
import { offsetSeedOf } from './target-offset.js'

/** Options for {@link ScrapeManager}. */
export interface ScrapeManagerOptions {
  /** Ask for protobuf first and ingest native histograms (Prometheus's `native-histograms` feature). */
  nativeHistograms?: boolean
  /** Spreads start offsets differently per server; by default, as Prometheus, a hash of the host name and external labels. */
  offsetSeed?: bigint
  now?: () => number
  fetcherFor?: (config: ScrapeConfig) => ScrapeFetcher
  /** Where the loops count their refusals (`prometheus_target_scrapes_*`); unexported when absent. */
  counters?: ScrapeCounters
}

/**
 * Keeps one scrape pool per job in step with the configuration and with discovery's target sets,
 * writing everything to an Appendable. Feed it with `sync` (e.g. from a DiscoveryManager's
 * `onUpdate`); `run` resolves after the signal aborts and every loop has stopped; as in Prometheus, a shutdown writes no
 * staleness markers, since the next start resumes the series.
 */
export class ScrapeManager {
  private readonly appendable: Appendable
  private readonly options: Required<Omit<ScrapeManagerOptions, 'offsetSeed'>>
  private readonly fixedSeed: bigint | undefined
  private offsetSeed = 0n
  private readonly pools = new Map<string, ScrapePool>()
  private configs = new Map<string, ScrapeConfig>()
  private pending: Map<string, TargetGroup[]> | undefined
  private queue: Promise<void> = Promise.resolve()
  private stopped = false

  constructor(appendable: Appendable, options: ScrapeManagerOptions = {}) {
    this.appendable = appendable
    this.options = {
      nativeHistograms: options.nativeHistograms ?? false,
      now: options.now ?? Date.now,
      fetcherFor: options.fetcherFor ?? defaultFetcherFor,
      counters: options.counters ?? new ScrapeCounters(),
    }
    this.fixedSeed = options.offsetSeed
  }

  /** Adopts a new configuration: pools of removed jobs stop (without staleness markers, as in Prometheus 2.42), pools of changed jobs restart. */
  applyConfig(config: Config): Promise<void> {
    return this.enqueue(async () => {
      this.offsetSeed =
        this.fixedSeed ?? offsetSeedOf(hostname(), Labels.fromRecord(config.global.externalLabels))
      const next = new Map(config.scrapeConfigs.map((sc) => [sc.jobName, sc]))
      for (const [job, pool] of this.pools) {
        const sc = next.get(job)
        if (sc === undefined) {
          this.pools.delete(job)
          await pool.stop()
        } else if (JSON.stringify(sc) !== JSON.stringify(this.configs.get(job))) {
          await pool.reload(sc)
        }
      }
      this.configs = next
    })
  }

  /** Hands over the latest target groups of each job. */
  sync(targetSets: Map<string, TargetGroup[]>): Promise<void> {
    this.pending = targetSets
    return this.enqueue(async () => {
      const sets = this.pending
      this.pending = undefined
      if (sets === undefined || this.stopped) return
      for (const [job, groups] of sets) {
        const config = this.configs.get(job)
        if (config === undefined) continue
        let pool = this.pools.get(job)
        if (pool === undefined) {
          pool = new ScrapePool(config, {
            appendable: this.appendable,
            ...this.options,
            offsetSeed: this.offsetSeed,
          })
          this.pools.set(job, pool)
        }
        await pool.sync(groups)
      }
    })
  }

  /** Active targets by job, for the HTTP API's targets endpoint. */
  activeTargets(): Map<string, Target[]> {
    return new Map([...this.pools].map(([job, pool]) => [job, pool.activeTargets()]))
  }

  /** Targets relabelling refused or that failed validation, by job. */
  droppedTargets(): Map<string, TargetError[]> {
    return new Map([...this.pools].map(([job, pool]) => [job, pool.dropped]))
  }

  /** Resolves once `signal` aborts and every pool has stopped. */
  async run(signal: AbortSignal): Promise<void> {
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve()
      else signal.addEventListener('abort', () => resolve(), { once: true })
    })
    await this.enqueue(async () => {
      this.stopped = true
      const pools = [...this.pools.values()]
      this.pools.clear()
      await Promise.all(pools.map((pool) => pool.stop()))
    })
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    // Config changes and target updates are applied one at a time, in order.
    this.queue = this.queue.then(task, task)
    return this.queue
  }
}
