import { readFile } from 'node:fs/promises'
import { Gauge, Registry } from '@watchfire/client'
import { NotificationTemplates } from '@watchfire/template'
import type { Clock, TimerHandle } from './clock.js'
import type { AlertmanagerConfig } from './config/config.js'
import { expandGlob } from './config/load.js'
import { Dispatcher } from './dispatch/dispatcher.js'
import { buildRoutes, type Route } from './dispatch/route.js'
import { ConfigError } from './errors.js'
import { Inhibitor } from './inhibit/inhibitor.js'
import { silentLogger, type Logger } from '@watchfire/web-config'
import { EmailIntegration } from './notify/email.js'
import type { Integration } from './notify/integration.js'
import { NotifyMetrics } from './notify/metrics.js'
import { NotificationLog } from './notify/nflog.js'
import { runPipeline, type PipelineDeps } from './notify/pipeline.js'
import { WebhookIntegration } from './notify/webhook.js'
import { Silences } from './silence/silences.js'
import { AlertStore } from './store/alert-store.js'
import { Marker } from './store/marker.js'

/** Options of {@link Alertmanager}. */
export interface AlertmanagerOptions {
  clock: Clock
  /** `--web.external-url`, shown in notifications. */
  externalURL: string
  /** `--data.retention`: how long expired silences and notification-log entries are kept. */
  retentionMs: number
  logger?: Logger
  registry?: Registry
  /** Backoff randomisation, injectable for tests. */
  random?: () => number
}

/** Loads the user's template files (globs) into a notification template set. */
export async function loadTemplates(globs: readonly string[]): Promise<NotificationTemplates> {
  const sources = []
  for (const glob of globs) {
    for (const path of await expandGlob(glob))
      sources.push({ name: path, text: await readFile(path, 'utf8') })
  }
  try {
    return NotificationTemplates.create(sources)
  } catch (cause) {
    throw new ConfigError(`cannot parse templates (${(cause as Error).message})`, { cause })
  }
}

/**
 * The Alertmanager core without HTTP: alert store, silences, notification log, and — per configuration —
 * routing tree, inhibitor and dispatcher. applyConfig swaps the per-configuration parts; stored alerts,
 * silences and the notification log survive a reload.
 */
export class Alertmanager {
  readonly clock: Clock
  readonly store: AlertStore
  readonly marker = new Marker()
  readonly silences: Silences
  readonly nflog: NotificationLog
  readonly registry: Registry
  readonly logger: Logger
  config: AlertmanagerConfig | undefined
  route: Route | undefined
  inhibitor: Inhibitor | undefined
  dispatcher: Dispatcher | undefined
  private readonly metrics: NotifyMetrics
  private receivers = new Map<string, Integration[]>()
  private gcTimer: TimerHandle | undefined

  constructor(private readonly options: AlertmanagerOptions) {
    this.clock = options.clock
    this.logger = options.logger ?? silentLogger
    this.registry = options.registry ?? new Registry()
    this.store = new AlertStore(this.clock)
    this.silences = new Silences(this.clock, options.retentionMs)
    this.nflog = new NotificationLog(this.clock, options.retentionMs)
    this.metrics = new NotifyMetrics(this.registry)
    const marker = this.marker
    const store = this.store
    const silences = this.silences
    new Gauge({
      name: 'alertmanager_alerts',
      help: 'How many alerts by state.',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const now = options.clock.now()
        const live = store.all().filter((a) => a.endsAtMs === 0 || a.endsAtMs > now)
        const c = marker.counts(live.map((a) => a.fingerprint))
        this.set({ state: 'active' }, c.active + c.unprocessed)
        this.set({ state: 'suppressed' }, c.suppressed)
      },
    })
    new Gauge({
      name: 'alertmanager_silences',
      help: 'How many silences by state.',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        for (const [state, n] of Object.entries(silences.counts())) this.set({ state }, n)
      },
    })
    const groupCount = (): number => this.dispatcher?.allGroups().length ?? 0
    new Gauge({
      name: 'alertmanager_dispatcher_aggregation_groups',
      help: 'Number of active aggregation groups',
      registers: [this.registry],
      collect() {
        this.set(groupCount())
      },
    })
    new Gauge({
      name: 'alertmanager_nflog_snapshot_size_bytes',
      help: 'Size of the last notification log snapshot in bytes.',
      registers: [this.registry],
    })
    new Gauge({
      name: 'alertmanager_cluster_enabled',
      help: 'Indicates whether the clustering is enabled or not.',
      registers: [this.registry],
    }).set(0)
    const gc = (): void => {
      for (const fp of this.store.gc()) this.marker.delete(fp)
      this.silences.gc()
      this.nflog.gc()
      this.gcTimer = this.clock.setTimer(gc, 15 * 60_000)
    }
    this.gcTimer = this.clock.setTimer(gc, 15 * 60_000)
  }

  /** Replaces the routing tree, inhibition rules, receivers and templates; the old ones stop. */
  async applyConfig(config: AlertmanagerConfig): Promise<void> {
    const needsTemplates = config.receivers.some((r) => r.email.length > 0)
    const templates =
      needsTemplates || config.templates.length > 0 ? await loadTemplates(config.templates) : undefined
    const receivers = new Map<string, Integration[]>()
    for (const r of config.receivers) {
      const list: Integration[] = r.webhook.map(
        (w, i) => new WebhookIntegration(i, w, this.options.externalURL),
      )
      r.email.forEach((e, i) => {
        list.push(new EmailIntegration(i, e, templates as NotificationTemplates, this.options.externalURL))
      })
      receivers.set(r.name, list)
    }
    this.dispatcher?.stop()
    this.inhibitor?.stop()
    const route = buildRoutes(config)
    const inhibitor = new Inhibitor(config.inhibitRules, this.store, this.clock)
    const deps: PipelineDeps = {
      clock: this.clock,
      inhibitor,
      silences: this.silences,
      marker: this.marker,
      nflog: this.nflog,
      timeIntervals: config.timeIntervals,
      receivers,
      metrics: this.metrics,
      logger: this.logger,
      ...(this.options.random !== undefined ? { random: this.options.random } : {}),
    }
    const dispatcher = new Dispatcher(route, this.store, this.clock, (flush) => runPipeline(flush, deps))
    this.receivers = receivers
    this.config = config
    this.route = route
    this.inhibitor = inhibitor
    this.dispatcher = dispatcher
    dispatcher.start()
  }

  /** Replaces one receiver's integrations until the next applyConfig (embedding, tests with fakes). */
  receiversOverride(name: string, integrations: Integration[]): void {
    this.receivers.set(name, integrations)
  }

  /** Receiver names of the routes an alert goes to. */
  receiversFor(labels: Readonly<Record<string, string>>): string[] {
    return this.route?.match(labels).map((r) => r.opts.receiver) ?? []
  }

  /** Stops every timer. */
  stop(): void {
    this.gcTimer?.cancel()
    this.dispatcher?.stop()
    this.inhibitor?.stop()
  }
}
