import type { Config } from './config-types.js'
import { loadConfigFile } from './load-config.js'

/** Something that adopts a configuration: the scrape manager, discovery, rules, … */
export type ConfigApplier = (config: Config) => void | Promise<void>

/** Where reload outcomes are reported (the server's logger). */
export type ReloadLog = (message: string) => void

/**
 * Loads the configuration file and hands it to every component, as Prometheus's reloadConfig does.
 * A file that fails to load leaves the running configuration in place; `current` is always the
 * last configuration that loaded.
 */
export class ConfigReloader {
  private readonly path: string
  private readonly appliers: readonly ConfigApplier[]
  private readonly log: ReloadLog
  private running: Promise<boolean> = Promise.resolve(true)
  current: Config | undefined

  constructor(path: string, appliers: readonly ConfigApplier[], log: ReloadLog = () => {}) {
    this.path = path
    this.appliers = appliers
    this.log = log
  }

  /** Reloads once; resolves true when the new configuration was applied. Reloads never overlap. */
  reload(): Promise<boolean> {
    this.running = this.running.then(() => this.reloadNow())
    return this.running
  }

  private async reloadNow(): Promise<boolean> {
    let config: Config
    try {
      config = await loadConfigFile(this.path)
    } catch (err) {
      this.log(
        `Error reloading config: couldn't load configuration (--config.file=${JSON.stringify(this.path)}): ${(err as Error).message}`,
      )
      return false
    }
    for (const apply of this.appliers) await apply(config)
    this.current = config
    this.log(`Completed loading of configuration file ${this.path}`)
    return true
  }

  /** Reloads on every SIGHUP until `signal` aborts. */
  reloadOnSighup(signal: AbortSignal): void {
    const handler = (): void => void this.reload()
    process.on('SIGHUP', handler)
    signal.addEventListener('abort', () => process.off('SIGHUP', handler), { once: true })
  }
}
