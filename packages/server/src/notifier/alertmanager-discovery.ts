import type { AlertmanagerConfig } from '../config/config-types.js'
import { FileDiscovery, type DiscoveryLog } from '../discovery/file-discovery.js'
import { HttpDiscovery, type SdFetch } from '../discovery/http-discovery.js'
import { StaticDiscovery } from '../discovery/static-discovery.js'
import type { Discoverer, TargetGroup } from '../discovery/target-group.js'

/** Options of {@link AlertmanagerDiscovery}. */
export interface AlertmanagerDiscoveryOptions {
  /** Receives every set's current groups (by index in `alerting.alertmanagers`) after a change. */
  onUpdate: (groupsBySet: TargetGroup[][]) => void
  /** Coalesces bursts of updates; default 100 ms. */
  updateDelayMs?: number
  log?: DiscoveryLog
  fetch?: SdFetch
}

/** The discovery of one set: its mechanisms and the latest groups by (mechanism, source). */
interface SetDiscovery {
  key: string
  discoverers: { key: string; discoverer: Discoverer }[]
  groups: Map<string, TargetGroup>
  controller: AbortController | undefined
}

/**
 * Runs the service discovery of every `alerting.alertmanagers` entry (static_configs,
 * file_sd_configs, http_sd_configs) with the scrape side's discoverers, keeping the latest groups
 * per (set, mechanism, source) and reporting a snapshot of all sets after each change. A reload
 * keeps the mechanisms (and what they found) of sets whose discovery settings did not change, so
 * their Alertmanagers do not blink out while files are re-read.
 */
export class AlertmanagerDiscovery {
  private readonly options: AlertmanagerDiscoveryOptions
  private sets: SetDiscovery[] = []
  private timer: NodeJS.Timeout | undefined
  private running = false

  constructor(options: AlertmanagerDiscoveryOptions) {
    this.options = options
  }

  /** Takes the sets of a (re)loaded configuration, in order; unchanged ones keep running. */
  applyConfig(configs: readonly AlertmanagerConfig[]): void {
    const previous = new Map<string, SetDiscovery[]>()
    for (const set of this.sets) previous.set(set.key, [...(previous.get(set.key) ?? []), set])
    this.sets = configs.map((config) => {
      const key = JSON.stringify([config.staticConfigs, config.fileSdConfigs, config.httpSdConfigs])
      return previous.get(key)?.shift() ?? this.create(key, config)
    })
    for (const stale of previous.values()) for (const set of stale) set.controller?.abort()
    if (this.running) for (const set of this.sets) this.start(set)
    this.schedule()
  }

  /** Runs the mechanisms until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    this.running = true
    for (const set of this.sets) this.start(set)
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve()
      else signal.addEventListener('abort', () => resolve(), { once: true })
    })
    this.running = false
    for (const set of this.sets) set.controller?.abort()
    clearTimeout(this.timer)
    this.timer = undefined
  }

  private create(key: string, config: AlertmanagerConfig): SetDiscovery {
    const log = this.options.log
    return {
      key,
      discoverers: [
        { key: 'static', discoverer: new StaticDiscovery(config.staticConfigs) },
        ...config.fileSdConfigs.map((c, i) => ({ key: `file/${i}`, discoverer: new FileDiscovery(c, log) })),
        ...config.httpSdConfigs.map((c, i) => ({
          key: `http/${i}`,
          discoverer: new HttpDiscovery(c, log, this.options.fetch),
        })),
      ],
      groups: new Map(),
      controller: undefined,
    }
  }

  private start(set: SetDiscovery): void {
    if (set.controller !== undefined && !set.controller.signal.aborted) return
    const controller = new AbortController()
    set.controller = controller
    for (const { key, discoverer } of set.discoverers) {
      const send = (update: TargetGroup[]): void => {
        if (controller.signal.aborted) return
        for (const group of update) {
          const source = `${key}/${group.source}`
          if (group.targets.length === 0) set.groups.delete(source)
          else set.groups.set(source, group)
        }
        this.schedule()
      }
      discoverer
        .run(controller.signal, send)
        .catch((err: unknown) => this.options.log?.(`Alertmanager discovery failed (${String(err)})`))
    }
  }

  private schedule(): void {
    if (this.timer !== undefined) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.options.onUpdate(this.sets.map((set) => [...set.groups.values()]))
    }, this.options.updateDelayMs ?? 100)
  }
}
