import { compareAlerts, isResolvedAt, type Alert } from '../alert.js'
import type { Clock, TimerHandle } from '../clock.js'
import { formatLabelSet } from '../labels/fingerprint.js'
import type { LabelSet } from '../labels/matcher.js'
import type { Flush } from '../notify/pipeline.js'
import type { Route } from './route.js'

/** Sends one flush; resolves true when every integration succeeded. */
export type FlushFn = (flush: Flush) => Promise<boolean>

/** The original's floor on how long one flush's delivery may take. */
const MIN_NOTIFY_TIMEOUT_MS = 10_000

/**
 * The alerts of one route that share the route's group_by labels, with its timers: the first flush after
 * group_wait (at once for alerts older than that), then one every group_interval.
 */
export class AggregationGroup {
  readonly key: string
  readonly alerts = new Map<string, Alert>()
  private timer: TimerHandle | undefined
  /** The pending timer is the "flush now" one: more old alerts must not cancel and re-arm it each. */
  private flushNowPending = false
  private hasFlushed = false
  private flushing = false
  private tickWhileFlushing = false
  private stopped = false

  constructor(
    readonly route: Route,
    readonly labels: LabelSet,
    private readonly clock: Clock,
    private readonly send: FlushFn,
  ) {
    this.key = `${route.key}:${formatLabelSet(labels)}`
    this.flushNowPending = route.opts.groupWaitMs <= 0
    this.timer = clock.setTimer(() => this.tick(), route.opts.groupWaitMs)
  }

  /** Adds or replaces an alert; an alert older than group_wait makes the first flush happen now. */
  insert(alert: Alert): void {
    this.alerts.set(alert.fingerprint, alert)
    if (
      !this.hasFlushed &&
      !this.flushNowPending &&
      alert.startsAtMs + this.route.opts.groupWaitMs < this.clock.now()
    ) {
      this.timer?.cancel()
      this.flushNowPending = true
      this.timer = this.clock.setTimer(() => this.tick(), 0)
    }
  }

  /** True when no alert is left (all resolved and notified). */
  empty(): boolean {
    return this.alerts.size === 0
  }

  /** Cancels the timers; a flush under way finishes. */
  stop(): void {
    this.stopped = true
    this.timer?.cancel()
  }

  private tick(): void {
    if (this.stopped) return
    this.flushNowPending = false
    this.timer = this.clock.setTimer(() => this.tick(), this.route.opts.groupIntervalMs)
    if (this.flushing) {
      this.tickWhileFlushing = true
      return
    }
    void this.flush()
  }

  private async flush(): Promise<void> {
    if (this.empty()) return
    this.flushing = true
    this.hasFlushed = true
    try {
      const now = this.clock.now()
      // Copies: the store merges re-sent alerts into the stored objects while this flush is under way.
      const snapshot = [...this.alerts.values()].map((a) => ({
        ...a,
        endsAtMs: isResolvedAt(a, now) ? a.endsAtMs : 0,
      }))
      snapshot.sort(compareAlerts)
      const ok = await this.send({
        receiver: this.route.opts.receiver,
        groupKey: this.key,
        groupLabels: this.labels,
        alerts: snapshot,
        repeatIntervalMs: this.route.opts.repeatIntervalMs,
        timeoutMs: Math.max(this.route.opts.groupIntervalMs, MIN_NOTIFY_TIMEOUT_MS),
        muteTimeIntervals: this.route.opts.muteTimeIntervals,
        activeTimeIntervals: this.route.opts.activeTimeIntervals,
      })
      if (ok) {
        for (const a of snapshot) {
          const current = this.alerts.get(a.fingerprint)
          if (current !== undefined && isResolvedAt(a, now) && current.updatedAtMs === a.updatedAtMs) {
            this.alerts.delete(a.fingerprint)
          }
        }
      }
    } finally {
      this.flushing = false
    }
    if (this.tickWhileFlushing && !this.stopped) {
      this.tickWhileFlushing = false
      void this.flush()
    }
  }
}
