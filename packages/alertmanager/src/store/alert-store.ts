import { isResolvedAt, mergeInto, type Alert } from '../alert.js'
import type { Clock } from '../clock.js'

/** Called with every alert stored (new or merged). */
export type AlertListener = (alert: Alert) => void

/**
 * The in-memory alert provider: one alert per fingerprint, merged on update as the original's, with
 * listeners (the dispatcher, the inhibitor) told of every change. Resolved alerts are dropped by gc().
 */
export class AlertStore {
  private readonly alerts = new Map<string, Alert>()
  private readonly listeners = new Set<AlertListener>()

  constructor(private readonly clock: Clock) {}

  /**
   * Stores alerts, merging each with the existing one when their activity overlaps. A merge updates the
   * stored object in place: holders of an alert (aggregation groups, the inhibitor) see it change, and copy
   * what they must keep as it was.
   */
  put(alerts: readonly Alert[]): void {
    const now = this.clock.now()
    for (let alert of alerts) {
      const old = this.alerts.get(alert.fingerprint)
      if (
        old !== undefined &&
        ((alert.endsAtMs > old.startsAtMs && alert.endsAtMs < old.endsAtMs) ||
          (alert.startsAtMs > old.startsAtMs && alert.startsAtMs < old.endsAtMs))
      ) {
        mergeInto(old, alert, now)
        alert = old
      }
      this.alerts.set(alert.fingerprint, alert)
      for (const listen of this.listeners) listen(alert)
    }
  }

  get(fp: string): Alert | undefined {
    return this.alerts.get(fp)
  }

  /** Every stored alert, resolved ones included. */
  all(): Alert[] {
    return [...this.alerts.values()]
  }

  get size(): number {
    return this.alerts.size
  }

  /** Registers a listener; returns the function that removes it. */
  subscribe(listener: AlertListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Removes resolved alerts; returns their fingerprints so the marker can forget them. */
  gc(): string[] {
    const now = this.clock.now()
    const removed: string[] = []
    for (const [fp, a] of this.alerts) {
      if (isResolvedAt(a, now)) {
        this.alerts.delete(fp)
        removed.push(fp)
      }
    }
    return removed
  }
}
