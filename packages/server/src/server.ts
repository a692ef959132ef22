import { join } from 'node:path'
import { Engine } from '@watchfire/promql'
import type { Appendable, Queryable } from '@watchfire/storage'
import { openDB, type DB } from '@watchfire/tsdb'
import type { Config } from './config/config-types.js'
import { DiscoveryManager } from './discovery/discovery-manager.js'
import { ScrapeCounters } from './scrape/scrape-counters.js'
import { ScrapeManager } from './scrape/scrape-manager.js'
import { defaultFetcherFor } from './scrape/scrape-pool.js'
import { ServerConfig, type ConfigSource } from './server-config.js'
import { createServerRules, rulesConfigOf } from './server-rules.js'
import { createReadSide } from './server-federation.js'
import { computeExternalURL } from './external-url.js'
import { Notifier } from './notifier/notifier.js'
import { sendAlertsTo } from './notifier/rule-alerts.js'
import { SecretScrubber } from './config/secret-scrubber.js'
import { createHardening } from './server-hardening.js'
import { ServerMetrics } from './server-metrics.js'
import { ServerStatus, tsdbStatusStorage } from './server-status.js'
import { TargetMetadata } from './target-metadata.js'
import { registerExemplarMetrics } from './exemplar-metrics.js'
import { DEFAULT_MAX_EXEMPLARS } from './config/storage-config.js'
import { RemoteWriteStorage } from './remote/write-storage.js'
import { ServerLifecycle } from './server-lifecycle.js'
import { remoteWriteHandler } from './web/remote-write-handler.js'
import type { WebLimits } from './web/limits.js'
import { createWebHandler } from './web/web-handler.js'
import { serveUi } from '@watchfire/ui'
import { checkWebConfigFile, computeRoutePrefix, createWebServer, logfmtWebLog } from '@watchfire/web-config'

/** What a pluggable component (the rules manager, a notifier) gets from the server. */
export interface ServerContext {
  engine: Engine
  /** The TSDB, for reading (rules evaluate queries over it) … */
  queryable: Queryable
  /** … and for writing (recording rules append their results). */
  appendable: Appendable
  log: (message: string) => void
}

/** A long-running part that follows the configuration, as the scrape and discovery managers do. */
export interface ServerComponent {
  applyConfig(config: Config): void | Promise<void>
  run(signal: AbortSignal): Promise<void>
}

/** Options of {@link startServer}; defaults are Prometheus's. */
export interface ServerOptions {
  config: ConfigSource
  /** --storage.tsdb.path */
  storagePath: string
  /** --storage.tsdb.retention.time; default 15d. */
  retentionMs?: number
  /** --web.listen-address, `host:port`; port 0 picks a free one. Default `0.0.0.0:9090`. */
  listenAddress?: string
  /** --web.config.file: TLS, client certificates, basic auth and headers (exporter-toolkit format). */
  webConfigFile?: string
  /** --web.enable-lifecycle: POST /-/reload and /-/quit. */
  enableLifecycle?: boolean
  /** --web.enable-remote-write-receiver: POST /api/v1/write. */
  enableRemoteWriteReceiver?: boolean
  /** --web.enable-admin-api: /api/v1/admin/tsdb/{delete_series,clean_tombstones,snapshot}. */
  enableAdminApi?: boolean
  /** --web.max-connections, --query.max-concurrency and the header, URL and slow-request limits. */
  webLimits?: Partial<WebLimits>
  /** --storage.remote.read-sample-limit (default 5e7), --storage.remote.read-concurrent-limit (10), --storage.remote.read-max-bytes-in-frame (1 MiB). */
  remoteReadSampleLimit?: number
  remoteReadConcurrentLimit?: number
  remoteReadMaxBytesInFrame?: number
  /** --storage.remote.flush-deadline: how long a shutdown may spend sending what remote write holds; default 1m. */
  remoteFlushDeadlineMs?: number
  /** --enable-feature=native-histograms */
  nativeHistograms?: boolean
  /** --enable-feature=exemplar-storage: keep scraped exemplars (storage.exemplars.max_exemplars of them). */
  enableExemplarStorage?: boolean
  /** --query.lookback-delta, --query.timeout, --query.max-samples */
  lookbackDeltaMs?: number
  queryTimeoutMs?: number
  queryMaxSamples?: number
  /** Every flag as given, for /api/v1/status/flags. */
  flags?: Readonly<Record<string, string>>
  /** Reload on SIGHUP (the CLI turns this on; tests leave the process's signals alone). */
  reloadOnSighup?: boolean
  /** Builds extra components (e.g. the rules manager over `engineQueryFunc(ctx.engine, ctx.queryable)`). */
  components?: (ctx: ServerContext) => ServerComponent[]
  /** --web.external-url; default `http://<hostname>:<listen port>`. */
  externalUrl?: string
  /** --web.route-prefix; default the external URL's path. */
  routePrefix?: string
  /** --rules.alert.resend-delay (default 1m), --rules.alert.for-outage-tolerance (1h), --rules.alert.for-grace-period (10m). */
  resendDelayMs?: number
  forOutageToleranceMs?: number
  forGracePeriodMs?: number
  /** --alertmanager.notification-queue-capacity; default 10,000. */
  notificationQueueCapacity?: number
  /** Called on POST /-/quit. */
  onQuit?: () => void
  log?: (message: string) => void
}

/** A running server. */
export interface RunningServer {
  /** `http://host:port` (or `https://` under a TLS web config) it listens on, followed by the route prefix. */
  url: string
  db: DB
  engine: Engine
  /** Reloads the configuration; rejects (keeping the old one) when the new one cannot be loaded. */
  reload(): Promise<void>
  /** Stops scraping, rules and serving, lets remote write send the WAL to its end (within the flush deadline), then closes the TSDB. */
  close(): Promise<void>
}

/**
 * Starts the Prometheus server: opens the TSDB, loads the configuration, starts discovery and
 * scraping into the TSDB, serves the HTTP API v1 with the PromQL engine over it, exposes its own
 * metrics, and reloads on request (SIGHUP, POST /-/reload). Resolves once it listens and is ready.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const rawLog = options.log ?? ((m: string) => console.error(m))
  // Every component logs through this, so no configured secret reaches a log line.
  const scrubber = new SecretScrubber()
  const log = (m: string): void => rawLog(scrubber.scrub(m))
  const retentionMs = options.retentionMs ?? 15 * 24 * 3_600_000
  // Before opening anything, so a bad web config file refuses to start without leaving work behind.
  if (options.webConfigFile !== undefined && options.webConfigFile !== '')
    checkWebConfigFile(options.webConfigFile)
  const externalURL = computeExternalURL(options.externalUrl, options.listenAddress ?? '0.0.0.0:9090')
  const routePrefix = computeRoutePrefix(options.routePrefix, externalURL)
  const exemplarStorage = options.enableExemplarStorage ?? false
  const db = await openDB(options.storagePath, {
    retentionMs,
    logger: log,
    // The configured size applies once the config loads; replay must not drop exemplars before that.
    maxExemplars: exemplarStorage ? DEFAULT_MAX_EXEMPLARS : 0,
  })
  const engine = new Engine({
    lookbackDeltaMs: options.lookbackDeltaMs,
    timeoutMs: options.queryTimeoutMs,
    maxSamples: options.queryMaxSamples,
  })
  const metrics = new ServerMetrics(() => db.stats())
  // Like Prometheus, exposed with the feature off too: the ring then has capacity 0.
  registerExemplarMetrics(metrics.registry, () => db.exemplarStats())
  const metadata = new TargetMetadata()
  const scrape = new ScrapeManager(db, {
    nativeHistograms: options.nativeHistograms ?? false,
    fetcherFor: metadata.wrap(defaultFetcherFor),
    counters: new ScrapeCounters(metrics.registry),
  })
  const discovery = new DiscoveryManager({ onUpdate: (sets) => void scrape.sync(sets) })
  const config = new ServerConfig(options.config)
  config.onApply((c) => scrubber.learn(c))
  const components = options.components?.({ engine, queryable: db, appendable: db, log }) ?? []
  const notifier = new Notifier({
    queueCapacity: options.notificationQueueCapacity,
    registry: metrics.registry,
    log,
  })
  const readSide = createReadSide({
    db,
    config,
    lookbackDeltaMs: options.lookbackDeltaMs ?? 300_000,
    remoteReadSampleLimit: options.remoteReadSampleLimit,
    remoteReadConcurrentLimit: options.remoteReadConcurrentLimit,
    remoteReadMaxBytesInFrame: options.remoteReadMaxBytesInFrame,
    log,
  })
  const rules = createServerRules({
    engine,
    queryable: readSide.fanout,
    appendable: db,
    registry: metrics.registry,
    log,
    notify: sendAlertsTo(notifier, externalURL),
    externalURL,
    resendDelayMs: options.resendDelayMs,
    outageToleranceMs: options.forOutageToleranceMs,
    forGracePeriodMs: options.forGracePeriodMs,
  })
  // First, so a bad rule file refuses the reload before any other component adopted the new config.
  config.onApply((c) => rules.applyConfig(rulesConfigOf(c)))
  config.onApply((c) => scrape.applyConfig(c))
  config.onApply((c) => discovery.applyConfig(c))
  config.onApply((c) => notifier.applyConfig(c))
  config.onApply((c) => db.setOutOfOrderTimeWindow(c.storage?.tsdb.outOfOrderTimeWindowMs ?? 0))
  if (exemplarStorage)
    config.onApply((c) => db.setMaxExemplars(c.storage?.exemplars?.maxExemplars ?? DEFAULT_MAX_EXEMPLARS))
  const remoteWrite = new RemoteWriteStorage({
    walDir: join(options.storagePath, 'wal'),
    stateDir: join(options.storagePath, 'remote-write'),
    registry: metrics.registry,
    log,
    flushDeadlineMs: options.remoteFlushDeadlineMs,
    ingest: () => {
      // Polled every second even without remote write: stats() would walk every head series.
      const s = db.ingestStats()
      return { samples: s.samplesAppended, highestMs: s.headMaxTime }
    },
    metadata: () =>
      [...scrape.activeTargets().values()].flatMap((targets) =>
        targets.flatMap((t) => [...metadata.metadataFor(t)].map(([family, m]) => ({ family, ...m }))),
      ),
  })
  config.onApply((c) => remoteWrite.applyConfig(c))
  config.onApply((c) => readSide.fanout.applyConfig(c))
  for (const component of components) config.onApply((c) => component.applyConfig(c))
  const lifecycle = new ServerLifecycle({
    config,
    metrics,
    remoteWrite,
    producers: [scrape, discovery, rules, notifier, ...components],
    closeStorage: () => db.close(),
    log,
  })
  const reload = lifecycle.reload
  await lifecycle.start()
  const hardening = createHardening({
    registry: metrics.registry,
    tsdb: db,
    enableAdminApi: options.enableAdminApi ?? false,
    limits: options.webLimits,
    queryTimeoutMs: options.queryTimeoutMs ?? 120_000,
  })
  const { server, scheme } = createWebServer(
    createWebHandler({
      engine,
      queryable: readSide.fanout,
      now: Date.now,
      targets: scrape,
      metadata,
      rules,
      alertmanagers: notifier,
      status: new ServerStatus(config, tsdbStatusStorage(db, retentionMs), {
        ...options.flags,
        // Prometheus shows the prefix in effect, derived from the external URL when not given.
        ...(options.flags === undefined
          ? {}
          : { 'web.route-prefix': routePrefix === '' ? '/' : routePrefix }),
      }),
      lifecycle: {
        enabled: options.enableLifecycle ?? false,
        reload,
        quit: () => options.onQuit?.(),
      },
      isReady: lifecycle.isReady,
      metrics: metrics.handler(),
      exemplars: db,
      remoteWrite: options.enableRemoteWriteReceiver
        ? remoteWriteHandler(db, { log, reject: hardening.reject })
        : undefined,
      remoteRead: readSide.remoteRead,
      federate: readSide.federate,
      observe: (handler, code, ms) => metrics.observeRequest(handler, code, ms),
      ui: (req, res) => serveUi(req, res, { prefix: routePrefix }),
      routePrefix,
      ...hardening.webDeps,
    }),
    { webConfigFile: options.webConfigFile, log: logfmtWebLog(log) },
  )
  const guard = hardening.guard(server)
  const listenUrl = await lifecycle.serve(
    { server, scheme },
    {
      listenAddress: options.listenAddress ?? '0.0.0.0:9090',
      reloadOnSighup: options.reloadOnSighup,
      beforeClose: () => guard.stop(),
    },
  )
  return { url: listenUrl + routePrefix, db, engine, reload, close: () => lifecycle.close() }
}
