import type { Clock } from '../clock.js'

/** What was last notified for one receiver integration and one group. */
export interface NflogEntry {
  /** Fingerprints of the firing alerts notified. */
  firing: string[]
  resolved: string[]
  timestampMs: number
  expiresAtMs: number
}

/**
 * The notification log: the last successful notification per (integration, group), so a group is not
 * re-sent before repeat_interval and a restart does not send again what was already sent.
 */
export class NotificationLog {
  private readonly entries = new Map<string, NflogEntry>()
  version = 0

  constructor(
    private readonly clock: Clock,
    private readonly retentionMs: number,
  ) {}

  private static key(receiverKey: string, groupKey: string): string {
    return `${receiverKey}\u0000${groupKey}`
  }

  get(receiverKey: string, groupKey: string): NflogEntry | undefined {
    return this.entries.get(NotificationLog.key(receiverKey, groupKey))
  }

  log(receiverKey: string, groupKey: string, firing: string[], resolved: string[]): void {
    const now = this.clock.now()
    this.entries.set(NotificationLog.key(receiverKey, groupKey), {
      firing,
      resolved,
      timestampMs: now,
      expiresAtMs: now + this.retentionMs,
    })
    this.version++
  }

  /** Drops expired entries; returns how many. */
  gc(): number {
    const now = this.clock.now()
    let n = 0
    for (const [k, e] of this.entries) {
      if (e.expiresAtMs < now) {
        this.entries.delete(k)
        n++
      }
    }
    if (n > 0) this.version++
    return n
  }

  /** All entries as `[receiverKey, groupKey, entry]`, for snapshots. */
  dump(): [string, string, NflogEntry][] {
    return [...this.entries].map(([k, e]) => {
      const [r, g] = k.split('\u0000') as [string, string]
      return [r, g, e]
    })
  }

  /** Replaces the contents with restored entries. */
  restore(entries: readonly [string, string, NflogEntry][]): void {
    this.entries.clear()
    for (const [r, g, e] of entries) this.entries.set(NotificationLog.key(r, g), e)
  }

  get size(): number {
    return this.entries.size
  }
}
