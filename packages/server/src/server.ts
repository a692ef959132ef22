import type { AddressInfo } from 'node:net'
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
import { remoteWriteHandler } from './web/remote-write-handler.js'
import type { WebLimits } from './web/limits.js'
import { createWebHandler } from './web/web-handler.js'
import { serveUi } from '@watchfire/ui'
import { checkWebConfigFile, createWebServer, logfmtWebLog, type WebServer } from '@watchfire/web-config'

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
  /** `http://host:port` (or `https://` under a TLS web config) it listens on. */
  url: string
  db: DB
  engine: Engine
  /** Reloads the configuration; rejects (keeping the old one) when the new one cannot be loaded. */
  reload(): Promise<void>
  /** Stops scraping and serving, then closes the TSDB. */
  close(): Promise<void>
}

/** Splits a `host:port` listen address (`[v6]:port` too); the agent's entry point shares it. */
export function splitAddress(address: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]*)\]|([^:]*)):(\d+)$/.exec(address)
  if (m === null) throw new Error(`cannot parse listen address ${JSON.stringify(address)} (want host:port)`)
  return { host: m[1] ?? m[2] ?? '', port: Number(m[3]) }
}

/** Starts listening and resolves with the bound address (the agent's entry point shares it). */
export function listen(server: WebServer['server'], host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    // Go listens with the kernel's somaxconn backlog; Node's 511 drops SYNs under a connection flood.
    server.listen(port, host === '' ? undefined : host, 4096, () => {
      server.off('error', reject)
      resolve(server.address() as AddressInfo)
    })
  })
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
  if (exemplarStorage) registerExemplarMetrics(metrics.registry, () => db.exemplarStats())
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
    ingest: () => {
      const s = db.stats()
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
  const reload = async (): Promise<void> => {
    try {
      await config.reload()
      metrics.observeReload(true, Date.now())
      log(`level=info msg="Completed loading of configuration file"`)
    } catch (err) {
      metrics.observeReload(false, Date.now())
      log(`level=error msg="Error reloading config" err=${JSON.stringify((err as Error).message)}`)
      throw err
    }
  }
  try {
    await reload()
  } catch (err) {
    await remoteWrite.stop()
    await db.close()
    throw err
  }

  const controller = new AbortController()
  const running = Promise.all([
    scrape.run(controller.signal),
    discovery.run(controller.signal),
    rules.run(controller.signal),
    notifier.run(controller.signal),
    remoteWrite.run(controller.signal),
    ...components.map((c) => c.run(controller.signal)),
  ])
  let ready = false
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
      status: new ServerStatus(config, tsdbStatusStorage(db, retentionMs), options.flags ?? {}),
      lifecycle: {
        enabled: options.enableLifecycle ?? false,
        reload,
        quit: () => options.onQuit?.(),
      },
      isReady: () => ready,
      metrics: metrics.handler(),
      exemplars: db,
      remoteWrite: options.enableRemoteWriteReceiver
        ? remoteWriteHandler(db, { log, reject: hardening.reject })
        : undefined,
      remoteRead: readSide.remoteRead,
      federate: readSide.federate,
      observe: (handler, code, ms) => metrics.observeRequest(handler, code, ms),
      ui: (req, res) => serveUi(req, res),
      ...hardening.webDeps,
    }),
    { webConfigFile: options.webConfigFile, log: logfmtWebLog(log) },
  )
  const guard = hardening.guard(server)
  const onSighup = (): void => void reload().catch(() => undefined)
  if (options.reloadOnSighup) process.on('SIGHUP', onSighup)
  let address: AddressInfo
  try {
    const { host, port } = splitAddress(options.listenAddress ?? '0.0.0.0:9090')
    address = await listen(server, host, port)
  } catch (err) {
    controller.abort()
    await running
    await db.close()
    throw err
  }
  ready = true
  metrics.setReady(true)
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  let closing: Promise<void> | undefined
  return {
    url: `${scheme}://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`,
    db,
    engine,
    reload,
    close: () =>
      (closing ??= (async () => {
        ready = false
        process.off('SIGHUP', onSighup)
        controller.abort()
        await running
        guard.stop()
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        })
        metrics.close()
        await db.close()
      })()),
  }
}
