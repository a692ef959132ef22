import type { Registry } from '@watchfire/client'
import type { RelabelConfig } from '@watchfire/model'
import type { Config } from '../config/config-types.js'
import type { SdFetch } from '../discovery/http-discovery.js'
import type { TargetGroup } from '../discovery/target-group.js'
import { httpPostAlerts, type PostAlerts } from './alertmanager-client.js'
import { AlertmanagerDiscovery } from './alertmanager-discovery.js'
import { AlertmanagerSet } from './alertmanager-set.js'
import { AlertQueue } from './alert-queue.js'
import { encodeAlerts, type AlertmanagerApiVersion, type NotifierAlert } from './notifier-alert.js'
import { NotifierMetrics } from './notifier-metrics.js'
import { relabelAlerts } from './relabel-alerts.js'

/** Prometheus 2.42's largest number of alerts in one post. */
export const MAX_BATCH_SIZE = 64

/** Options of {@link Notifier}; defaults are Prometheus's. */
export interface NotifierOptions {
  /** --alertmanager.notification-queue-capacity; default 10,000. */
  queueCapacity?: number
  /** Alerts per post; default {@link MAX_BATCH_SIZE}. */
  maxBatchSize?: number
  /** Where the prometheus_notifications_* metrics are served; default nowhere. */
  registry?: Registry
  /** Sends one post; default node:http(s). */
  post?: PostAlerts
  /** How long discovery updates are coalesced; default 100 ms. */
  discoveryDelayMs?: number
  /** Fetch for http_sd_configs. */
  sdFetch?: SdFetch
  log?: (message: string) => void
}

/**
 * Prometheus's notification manager: alerts handed to `send` get the external labels and
 * `alert_relabel_configs`, wait in a bounded queue (dropping the oldest when full), and go out in
 * batches to every discovered Alertmanager of every `alerting.alertmanagers` set, one batch at a
 * time. A batch that reaches no Alertmanager at all is counted as dropped.
 */
export class Notifier {
  readonly metrics: NotifierMetrics
  private readonly queue: AlertQueue
  private readonly maxBatchSize: number
  private readonly post: PostAlerts
  private readonly log: (message: string) => void
  private readonly discovery: AlertmanagerDiscovery
  private sets: AlertmanagerSet[] = []
  private externalLabels: Readonly<Record<string, string>> = {}
  private relabelConfigs: readonly RelabelConfig[] = []
  private wake: (() => void) | undefined

  constructor(options: NotifierOptions = {}) {
    this.queue = new AlertQueue(options.queueCapacity ?? 10_000)
    this.maxBatchSize = options.maxBatchSize ?? MAX_BATCH_SIZE
    this.post = options.post ?? httpPostAlerts
    this.log = options.log ?? (() => undefined)
    this.metrics = new NotifierMetrics(
      options.registry,
      this.queue.capacity,
      () => this.queue.length,
      () => this.alertmanagers().length,
    )
    this.discovery = new AlertmanagerDiscovery({
      onUpdate: (groups) => this.sync(groups),
      ...(options.discoveryDelayMs === undefined ? {} : { updateDelayMs: options.discoveryDelayMs }),
      ...(options.sdFetch === undefined ? {} : { fetch: options.sdFetch }),
      log: this.log,
    })
  }

  /**
   * Takes the external labels, `alert_relabel_configs` and Alertmanager sets of `config`. A set
   * whose configuration did not change keeps its Alertmanagers until discovery reports again.
   */
  applyConfig(config: Config): void {
    this.externalLabels = config.global.externalLabels
    this.relabelConfigs = config.alerting.alertRelabelConfigs
    const previous = new Map(this.sets.map((s) => [JSON.stringify(s.config), s]))
    this.sets = config.alerting.alertmanagers.map((c) => {
      const set = new AlertmanagerSet(c)
      const old = previous.get(JSON.stringify(c))
      if (old !== undefined) {
        set.active = old.active
        set.dropped = old.dropped
      }
      return set
    })
    this.discovery.applyConfig(config.alerting.alertmanagers)
  }

  /** Queues alerts for sending (after relabelling); never blocks and never throws. */
  send(alerts: readonly NotifierAlert[]): void {
    const relabelled = relabelAlerts(alerts, this.externalLabels, this.relabelConfigs)
    if (relabelled.length === 0) return
    const dropped = this.queue.push(relabelled)
    if (dropped > 0) {
      this.metrics.dropped.inc(dropped)
      this.log(
        `level=warn component=notifier msg="Alert notification queue full, dropping alerts" num_dropped=${dropped}`,
      )
    }
    this.wake?.()
  }

  /** URLs of the active Alertmanagers, set by set. */
  alertmanagers(): string[] {
    return this.sets.flatMap((s) => s.active.map((am) => am.url))
  }

  /** URLs of the Alertmanagers that relabelling dropped. */
  droppedAlertmanagers(): string[] {
    return this.sets.flatMap((s) => s.dropped.map((am) => am.url))
  }

  /** Runs discovery and sends queued alerts until `signal` aborts; what is still queued then is abandoned. */
  async run(signal: AbortSignal): Promise<void> {
    const discovery = this.discovery.run(signal)
    while (!signal.aborted) {
      if (this.queue.length === 0) await this.nextSend(signal)
      if (signal.aborted) break
      const batch = this.queue.take(this.maxBatchSize)
      if (!(await this.sendAll(batch, signal))) this.metrics.dropped.inc(batch.length)
    }
    await discovery
  }

  private nextSend(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.wake = undefined
        signal.removeEventListener('abort', done)
        resolve()
      }
      this.wake = done
      signal.addEventListener('abort', done, { once: true })
    })
  }

  /** Posts one batch to every Alertmanager at once; true when at least one accepted it. */
  private async sendAll(batch: readonly NotifierAlert[], signal: AbortSignal): Promise<boolean> {
    if (batch.length === 0) return true
    const began = performance.now()
    const payloads = new Map<AlertmanagerApiVersion, string>()
    const posts: Promise<void>[] = []
    let accepted = 0
    for (const set of this.sets) {
      if (set.active.length === 0) continue
      let payload = payloads.get(set.apiVersion)
      if (payload === undefined) {
        payload = encodeAlerts(batch, set.apiVersion)
        payloads.set(set.apiVersion, payload)
      }
      const options = { httpClient: set.config.httpClient, timeoutMs: set.config.timeoutMs, signal }
      for (const { url } of set.active) {
        const labels = { alertmanager: url }
        posts.push(
          this.post(url, payload, options)
            .then(
              () => void accepted++,
              (err: unknown) => {
                this.metrics.errors.inc(labels)
                this.log(
                  `level=error component=notifier alertmanager=${url} count=${batch.length} msg="Error sending alert" err=${JSON.stringify(err instanceof Error ? err.message : String(err))}`,
                )
              },
            )
            // Prometheus counts latency and alerts sent for every attempt, failed or not.
            .then(() => {
              this.metrics.latency.observe(labels, (performance.now() - began) / 1000)
              this.metrics.sent.inc(labels, batch.length)
            }),
        )
      }
    }
    await Promise.all(posts)
    return accepted > 0
  }

  private sync(groupsBySet: readonly TargetGroup[][]): void {
    this.sets.forEach((set, i) => {
      const urls = set.sync(groupsBySet[i] ?? [], (err) =>
        this.log(
          `level=error component=notifier msg="Creating discovered Alertmanagers failed" err=${JSON.stringify(err.message)}`,
        ),
      )
      for (const url of urls) this.metrics.initAlertmanager(url)
    })
  }
}
