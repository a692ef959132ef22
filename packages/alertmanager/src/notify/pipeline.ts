import { isResolvedAt, type Alert } from '../alert.js'
import type { Clock } from '../clock.js'
import { anyIntervalContains, type TimeInterval } from '../config/time-interval.js'
import type { Inhibitor } from '../inhibit/inhibitor.js'
import type { LabelSet } from '../labels/matcher.js'
import type { Logger } from '@watchfire/web-config'
import type { Silences } from '../silence/silences.js'
import type { Marker } from '../store/marker.js'
import { backoffDelayMs } from './backoff.js'
import { Deadline } from './deadline.js'
import type { Integration, NotifyError } from './integration.js'
import type { NotifyMetrics } from './metrics.js'
import type { NotificationLog } from './nflog.js'

/** One flush of an aggregation group, as the dispatcher hands it to the pipeline. */
export interface Flush {
  receiver: string
  groupKey: string
  groupLabels: LabelSet
  alerts: readonly Alert[]
  repeatIntervalMs: number
  /** How long delivery (with retries) may take before the flush counts as failed. */
  timeoutMs: number
  muteTimeIntervals: readonly string[]
  activeTimeIntervals: readonly string[]
}

/** What the pipeline needs; all shared with the API so both see the same silences and inhibitions. */
export interface PipelineDeps {
  clock: Clock
  inhibitor: Inhibitor
  silences: Silences
  marker: Marker
  nflog: NotificationLog
  timeIntervals: ReadonlyMap<string, readonly TimeInterval[]>
  receivers: ReadonlyMap<string, readonly Integration[]>
  metrics: NotifyMetrics
  logger: Logger
  random?: () => number
}

/**
 * The original's notification pipeline for one flush: inhibition → active/mute time intervals → silences →
 * per integration, in parallel: dedup against the notification log → send with retries and exponential
 * backoff → record in the log. Resolves true if every integration succeeded (or had nothing to do).
 */
export async function runPipeline(flush: Flush, deps: PipelineDeps): Promise<boolean> {
  const now = deps.clock.now()
  let alerts = flush.alerts.filter((a) => {
    const by = deps.inhibitor.inhibitedBy(a.labels)
    deps.marker.setInhibited(a.fingerprint, by === undefined ? [] : [by])
    return by === undefined
  })
  const intervals = (names: readonly string[]): TimeInterval[] =>
    names.flatMap((n) => [...(deps.timeIntervals.get(n) ?? [])])
  if (
    flush.activeTimeIntervals.length > 0 &&
    !anyIntervalContains(intervals(flush.activeTimeIntervals), now)
  ) {
    return true
  }
  if (flush.muteTimeIntervals.length > 0 && anyIntervalContains(intervals(flush.muteTimeIntervals), now)) {
    return true
  }
  alerts = alerts.filter((a) => {
    const ids = deps.silences.mutedBy(a.labels)
    deps.marker.setSilenced(a.fingerprint, ids)
    return ids.length === 0
  })
  if (alerts.length === 0) return true
  const integrations = deps.receivers.get(flush.receiver) ?? []
  const results = await Promise.all(integrations.map((i) => deliver(i, alerts, flush, deps, now)))
  return results.every(Boolean)
}

/** True if every fingerprint of `sub` was in the logged list (the original's IsFiringSubset). */
function isSubset(sub: ReadonlySet<string>, logged: readonly string[]): boolean {
  for (const fp of sub) if (!logged.includes(fp)) return false
  return true
}

function needsUpdate(
  entry: ReturnType<NotificationLog['get']>,
  firing: ReadonlySet<string>,
  resolved: ReadonlySet<string>,
  sendResolved: boolean,
  repeatIntervalMs: number,
  now: number,
): boolean {
  if (entry === undefined) return firing.size > 0
  if (!isSubset(firing, entry.firing)) return true
  if (firing.size === 0) return entry.firing.length > 0
  if (sendResolved && !isSubset(resolved, entry.resolved)) return true
  return entry.timestampMs < now - repeatIntervalMs
}

async function deliver(
  integration: Integration,
  alerts: readonly Alert[],
  flush: Flush,
  deps: PipelineDeps,
  now: number,
): Promise<boolean> {
  const receiverKey = `${flush.receiver}/${integration.name}/${integration.index}`
  const firing = new Set<string>()
  const resolved = new Set<string>()
  for (const a of alerts) (isResolvedAt(a, now) ? resolved : firing).add(a.fingerprint)
  const entry = deps.nflog.get(receiverKey, flush.groupKey)
  if (!needsUpdate(entry, firing, resolved, integration.sendResolved, flush.repeatIntervalMs, now))
    return true
  let sent = alerts
  if (!integration.sendResolved) {
    // Only resolved alerts left: log them as notified without sending, so dedup knows next time.
    if (firing.size === 0) {
      deps.nflog.log(receiverKey, flush.groupKey, [...firing], [...resolved])
      return true
    }
    sent = alerts.filter((a) => !isResolvedAt(a, now))
  }
  const ok = await sendWithRetries(integration, sent, flush, deps, now)
  if (ok) deps.nflog.log(receiverKey, flush.groupKey, [...firing], [...resolved])
  return ok
}

async function sendWithRetries(
  integration: Integration,
  alerts: readonly Alert[],
  flush: Flush,
  deps: PipelineDeps,
  now: number,
): Promise<boolean> {
  const { clock, logger } = deps
  const metrics = deps.metrics.forIntegration(integration.name)
  const deadline = new Deadline()
  const timer = clock.setTimer(() => deadline.expire(), flush.timeoutMs)
  const started = performance.now()
  metrics.notifications.inc()
  try {
    for (let attempt = 0; ; attempt++) {
      metrics.requests.inc()
      try {
        await integration.notify(alerts, {
          receiver: flush.receiver,
          groupKey: flush.groupKey,
          groupLabels: flush.groupLabels,
          nowMs: now,
          deadline,
        })
        metrics.latency.observe((performance.now() - started) / 1000)
        return true
      } catch (err) {
        metrics.requestsFailed.inc()
        const retry = (err as Partial<NotifyError>).retry === true
        logger.log(retry ? 'warn' : 'error', 'notify attempt failed', {
          receiver: flush.receiver,
          integration: `${integration.name}[${integration.index}]`,
          attempt: attempt + 1,
          err,
        })
        if (!retry || deadline.expired) break
      }
      const delayMs = backoffDelayMs(attempt, deps.random)
      const waited = await new Promise<boolean>((resolve) => {
        const off = deadline.onExpiry(() => {
          t.cancel()
          resolve(false)
        })
        const t = clock.setTimer(() => {
          off()
          resolve(true)
        }, delayMs)
      })
      if (!waited) break
    }
  } finally {
    timer.cancel()
  }
  metrics.failed.inc()
  logger.log('error', 'notify for alerts failed', {
    receiver: flush.receiver,
    integration: `${integration.name}[${integration.index}]`,
    num_alerts: alerts.length,
  })
  return false
}
