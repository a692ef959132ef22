import { readFile } from 'node:fs/promises'
import type { ConfigApplier } from './config/config-reloader.js'
import type { Config } from './config/config-types.js'
import { loadConfigFile, parseConfig } from './config/load-config.js'

/** Where the server's configuration comes from: a file (reloadable) or embedded YAML. */
export type ConfigSource = { file: string } | { yaml: string }

/**
 * The running configuration: loads it from its source and hands it to every component. A
 * configuration that fails to load is refused and the running one stays, as in Prometheus;
 * reloads never overlap.
 */
export class ServerConfig {
  private readonly source: ConfigSource
  private readonly appliers: ConfigApplier[] = []
  private queue: Promise<unknown> = Promise.resolve()
  /** The last configuration that loaded. */
  current: Config | undefined
  /** Its YAML text, for /api/v1/status/config. */
  yaml = ''
  /** Whether the last reload attempt succeeded, and when the last one that did finished. */
  lastSuccess = false
  lastSuccessMs = 0

  constructor(source: ConfigSource) {
    this.source = source
  }

  /** Adds a component that adopts each new configuration (in registration order). */
  onApply(applier: ConfigApplier): void {
    this.appliers.push(applier)
  }

  /** Loads and applies the configuration; rejects with the reason when it cannot be loaded. */
  reload(): Promise<Config> {
    const next = this.queue.then(() => this.reloadNow())
    this.queue = next.catch(() => undefined)
    return next
  }

  private async reloadNow(): Promise<Config> {
    let config: Config
    let yaml: string
    try {
      if ('file' in this.source) {
        yaml = await readFile(this.source.file, 'utf8')
        config = await loadConfigFile(this.source.file)
      } else {
        yaml = this.source.yaml
        config = parseConfig(yaml)
      }
    } catch (err) {
      this.lastSuccess = false
      const where = 'file' in this.source ? ` (--config.file=${JSON.stringify(this.source.file)})` : ''
      throw new Error(`couldn't load configuration${where}: ${(err as Error).message}`, { cause: err })
    }
    for (const apply of this.appliers) await apply(config)
    this.current = config
    this.yaml = yaml
    this.lastSuccess = true
    this.lastSuccessMs = Date.now()
    return config
  }
}
