import type { Logger } from '@watchfire/web-config'
import { encodeSnapshot, writeFileAtomic } from './persistence.js'
import type { MetricStore } from './store.js'

/**
 * Writes the store to the persistence file at most once per `intervalMs` after a change (the original's
 * --persistence.interval is a minimum interval), and once more on shutdown. One write at a time.
 */
export class Persister {
  private timer: NodeJS.Timeout | undefined
  private lastPersistMs = Date.now()
  private persistedVersion: number
  private running: Promise<void> | undefined

  constructor(
    private readonly store: MetricStore,
    private readonly file: string,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {
    this.persistedVersion = store.version
  }

  /** Call after every change: schedules a write unless one is pending. */
  changed(): void {
    if (this.timer !== undefined || this.store.version === this.persistedVersion) return
    const delay = Math.max(0, this.intervalMs - (Date.now() - this.lastPersistMs))
    this.timer = setTimeout(() => {
      this.timer = undefined
      void this.persist().then(() => this.changed())
    }, delay)
    this.timer.unref()
  }

  /** Writes the current state now (waiting for a write under way first); errors are logged, not thrown. */
  async persist(): Promise<boolean> {
    while (this.running !== undefined) await this.running
    const version = this.store.version
    const bytes = encodeSnapshot(this.store.all())
    let ok = true
    this.running = writeFileAtomic(this.file, bytes).then(
      () => {
        this.persistedVersion = version
        this.logger.log('info', 'metrics persisted', { file: this.file })
      },
      (err: unknown) => {
        ok = false
        this.logger.log('error', 'error persisting metrics', { file: this.file, err })
      },
    )
    await this.running
    this.running = undefined
    this.lastPersistMs = Date.now()
    return ok
  }

  /** Cancels the pending write and writes the final state. */
  async shutdown(): Promise<boolean> {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    return this.persist()
  }
}
