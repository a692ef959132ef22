import type { Config } from '../config/config-types.js'
import { FileDiscovery, type DiscoveryLog } from './file-discovery.js'
import { HttpDiscovery, type SdFetch } from './http-discovery.js'
import { StaticDiscovery } from './static-discovery.js'
import type { Discoverer, TargetGroup } from './target-group.js'

/** Options for {@link DiscoveryManager}. */
export interface DiscoveryManagerOptions {
  /** Receives every job's current groups after a change (batched by `updateDelayMs`). */
  onUpdate: (targetSets: Map<string, TargetGroup[]>) => void
  /** Coalesces bursts of updates, like Prometheus's 5 s ticker; default 100 ms. */
  updateDelayMs?: number
  log?: DiscoveryLog
  fetch?: SdFetch
}

interface Provider {
  job: string
  key: string
  discoverer: Discoverer
}

/**
 * Runs the discovery mechanisms of every scrape job and reports each job's target groups. Each
 * mechanism sends full replacements of its groups by source; the manager keeps the latest per
 * (job, mechanism, source) and hands a snapshot to `onUpdate`.
 */
export class DiscoveryManager {
  private readonly options: DiscoveryManagerOptions
  private readonly groups = new Map<string, Map<string, TargetGroup>>()
  private controller: AbortController | undefined
  private timer: NodeJS.Timeout | undefined
  private providers: Provider[] = []
  private running = false

  constructor(options: DiscoveryManagerOptions) {
    this.options = options
  }

  /** Replaces every job's mechanisms with those of `config`; groups of removed jobs are withdrawn. */
  applyConfig(config: Config): void {
    this.controller?.abort()
    this.groups.clear()
    const log = this.options.log
    this.providers = config.scrapeConfigs.flatMap((sc) => {
      this.groups.set(sc.jobName, new Map())
      return [
        { job: sc.jobName, key: 'static', discoverer: new StaticDiscovery(sc.staticConfigs) },
        ...sc.fileSdConfigs.map((c, i) => ({
          job: sc.jobName,
          key: `file/${i}`,
          discoverer: new FileDiscovery(c, log),
        })),
        ...sc.httpSdConfigs.map((c, i) => ({
          job: sc.jobName,
          key: `http/${i}`,
          discoverer: new HttpDiscovery(c, log, this.options.fetch),
        })),
      ]
    })
    this.schedule()
    if (this.running) this.startProviders()
  }

  /** Runs the mechanisms until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    this.running = true
    this.startProviders()
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve()
      else signal.addEventListener('abort', () => resolve(), { once: true })
    })
    this.running = false
    this.controller?.abort()
    clearTimeout(this.timer)
  }

  private startProviders(): void {
    const controller = new AbortController()
    this.controller = controller
    for (const provider of this.providers) {
      const send = (groups: TargetGroup[]): void => {
        if (controller.signal.aborted) return
        const byKey = this.groups.get(provider.job)
        if (byKey === undefined) return
        for (const group of groups) {
          const key = `${provider.key}/${group.source}`
          if (group.targets.length === 0) byKey.delete(key)
          else byKey.set(key, group)
        }
        this.schedule()
      }
      provider.discoverer
        .run(controller.signal, send)
        .catch((err: unknown) =>
          this.options.log?.(`discovery for job ${provider.job} failed (${String(err)})`),
        )
    }
  }

  private schedule(): void {
    if (this.timer !== undefined) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      const snapshot = new Map<string, TargetGroup[]>()
      for (const [job, byKey] of this.groups) snapshot.set(job, [...byKey.values()])
      this.options.onUpdate(snapshot)
    }, this.options.updateDelayMs ?? 100)
  }
}
