import { join } from 'node:path'
import { Counter, Gauge } from '@watchfire/client'
import { Labels } from '@watchfire/model'
import { Engine } from '@watchfire/promql'
import { serveUi } from '@watchfire/ui'
import { checkWebConfigFile, computeRoutePrefix, createWebServer, logfmtWebLog } from '@watchfire/web-config'
import { checkAgentConfig } from './agent-mode.js'
import { AgentStorage, type AgentStats } from './agent-storage.js'
import { formatDuration } from './config/duration.js'
import { DiscoveryManager } from './discovery/discovery-manager.js'
import { computeExternalURL } from './external-url.js'
import { RemoteWriteStorage } from './remote/write-storage.js'
import { ScrapeCounters } from './scrape/scrape-counters.js'
import { ScrapeManager } from './scrape/scrape-manager.js'
import { defaultFetcherFor } from './scrape/scrape-pool.js'
import { ServerConfig, type ConfigSource } from './server-config.js'
import { ServerLifecycle } from './server-lifecycle.js'
import { ServerMetrics } from './server-metrics.js'
import { ServerStatus, type StatusStorage } from './server-status.js'
import { TargetMetadata } from './target-metadata.js'
import { federateHandler } from './web/federate-api.js'
import { remoteReadHandler } from './web/remote-read-api.js'
import { remoteWriteHandler } from './web/remote-write-handler.js'
import { RejectionCounter } from './web/limits.js'
import { createWebHandler } from './web/web-handler.js'

/** Options of {@link startAgent}; defaults are Prometheus's agent's. */
export interface AgentOptions {
  config: ConfigSource
  /** --storage.agent.path; the CLI's default is `data-agent/`. */
  storagePath: string
  /** --storage.agent.retention.min-time / max-time (default 5m / 4h). */
  minWalTimeMs?: number
  maxWalTimeMs?: number
  /** --storage.agent.wal-segment-size (default 128 MiB). */
  walSegmentSizeBytes?: number
  /** How often the WAL is truncated (Prometheus: 2h). */
  truncateIntervalMs?: number
  listenAddress?: string
  /** --web.external-url; its path is the default route prefix. */
  externalUrl?: string
  /** --web.route-prefix; defaults to the external URL's path. */
  routePrefix?: string
  webConfigFile?: string
  enableLifecycle?: boolean
  enableRemoteWriteReceiver?: boolean
  nativeHistograms?: boolean
  flags?: Readonly<Record<string, string>>
  reloadOnSighup?: boolean
  /** --storage.remote.flush-deadline: how long a shutdown may spend sending what remote write holds; default 1m. */
  remoteFlushDeadlineMs?: number
  onQuit?: () => void
  log?: (message: string) => void
}

/** A running agent. */
export interface RunningAgent {
  /** `http://host:port` (or `https://`) it listens on, followed by the route prefix. */
  url: string
  storage: AgentStorage
  reload(): Promise<void>
  /** Stops scraping and serving, lets remote write send the WAL to its end (within the flush deadline), closes the WAL. */
  close(): Promise<void>
}

function registerAgentMetrics(metrics: ServerMetrics, stats: AgentStats): void {
  const registers = [metrics.registry]
  new Gauge({
    name: 'prometheus_agent_active_series',
    help: 'Number of active series being tracked by the WAL storage',
    registers,
    collect() {
      this.set(stats.activeSeries)
    },
  })
  const counter = (name: string, help: string, read: () => number): void => {
    let seen = 0
    new Counter({
      name,
      help,
      registers,
      collect() {
        // The storage keeps running totals; the counter advances by what happened since the last scrape.
        const now = read()
        if (now > seen) this.inc(now - seen)
        seen = now
      },
    })
  }
  counter(
    'prometheus_agent_samples_appended_total',
    'Total number of samples appended to the storage',
    () => stats.samplesAppended,
  )
  counter(
    'prometheus_agent_out_of_order_samples_total',
    'Total number of out of order samples ingestion failed attempts.',
    () => stats.outOfOrderSamples,
  )
  counter(
    'prometheus_agent_corruptions_total',
    'Total number of WAL corruptions.',
    () => stats.walCorruptions,
  )
  counter('prometheus_agent_truncations_total', 'Total number of WAL truncations.', () => stats.truncations)
}

/** The agent's side of the status endpoints: its WAL, and no TSDB status. */
function agentStatusStorage(storage: AgentStorage): StatusStorage {
  return {
    walCorruptions: () => storage.stats.walCorruptions,
    retention: () => formatDuration(storage.maxWalTimeMs),
    tsdbStatus: () => Promise.reject(new Error('unavailable with Prometheus Agent')),
  }
}

/**
 * Starts Watchfire in agent mode (Prometheus's `--enable-feature=agent`): discovery and scraping
 * into a WAL-only storage that remote write reads and forwards; no TSDB blocks, no PromQL, no
 * rules. The query endpoints answer 422 "unavailable with Prometheus Agent"; /federate and
 * /api/v1/read fail as the agent's storage cannot be read. A configuration with rule_files,
 * alerting or remote_read is refused, as Prometheus refuses it.
 */
export async function startAgent(options: AgentOptions): Promise<RunningAgent> {
  const log = options.log ?? ((m: string) => console.error(m))
  if (options.webConfigFile !== undefined && options.webConfigFile !== '')
    checkWebConfigFile(options.webConfigFile)
  const storage = AgentStorage.open(options.storagePath, {
    minWalTimeMs: options.minWalTimeMs,
    maxWalTimeMs: options.maxWalTimeMs,
    walSegmentSizeBytes: options.walSegmentSizeBytes,
    truncateIntervalMs: options.truncateIntervalMs,
    // Keep what remote write has yet to send; without queues, min-time back from now. (The timer
    // that calls this first fires after startAgent has created remoteWrite.)
    lowestSentTimestamp: () => Math.min(remoteWrite.lowestSentTimestamp(), Date.now()),
    log,
  })
  const metrics = new ServerMetrics()
  registerAgentMetrics(metrics, storage.stats)
  const metadata = new TargetMetadata()
  const scrape = new ScrapeManager(storage, {
    nativeHistograms: options.nativeHistograms ?? false,
    fetcherFor: metadata.wrap(defaultFetcherFor),
    counters: new ScrapeCounters(metrics.registry),
  })
  const discovery = new DiscoveryManager({ onUpdate: (sets) => void scrape.sync(sets) })
  const config = new ServerConfig(options.config)
  const remoteWrite = new RemoteWriteStorage({
    walDir: storage.walDir,
    stateDir: join(options.storagePath, 'remote-write'),
    registry: metrics.registry,
    log,
    flushDeadlineMs: options.remoteFlushDeadlineMs,
    ingest: () => ({ samples: storage.stats.samplesAppended, highestMs: storage.stats.highestTimestamp }),
  })
  // First, so a configuration the agent cannot serve is refused before anything adopts it.
  config.onApply((c) => checkAgentConfig(c))
  config.onApply((c) => scrape.applyConfig(c))
  config.onApply((c) => discovery.applyConfig(c))
  config.onApply((c) => remoteWrite.applyConfig(c))
  const lifecycle = new ServerLifecycle({
    config,
    metrics,
    remoteWrite,
    producers: [scrape, discovery],
    closeStorage: () => storage.close(),
    log,
  })
  const reload = lifecycle.reload
  await lifecycle.start()
  const externalLabels = (): Labels => Labels.fromRecord(config.current?.global.externalLabels ?? {})
  const rejections = new RejectionCounter(metrics.registry)
  const listenAddress = options.listenAddress ?? '0.0.0.0:9090'
  const routePrefix = computeRoutePrefix(
    options.routePrefix,
    computeExternalURL(options.externalUrl, listenAddress),
  )
  const { server, scheme } = createWebServer(
    createWebHandler({
      // Never reached: the query endpoints are refused in agent mode before they evaluate anything.
      engine: new Engine({}),
      queryable: storage,
      now: Date.now,
      targets: scrape,
      metadata,
      status: new ServerStatus(config, agentStatusStorage(storage), options.flags ?? {}),
      lifecycle: { enabled: options.enableLifecycle ?? false, reload, quit: () => options.onQuit?.() },
      isReady: lifecycle.isReady,
      metrics: metrics.handler(),
      remoteWrite: options.enableRemoteWriteReceiver ? remoteWriteHandler(storage, { log }) : undefined,
      remoteRead: remoteReadHandler({ queryable: storage, externalLabels, log }),
      federate: federateHandler({
        queryable: storage,
        lookbackDeltaMs: 300_000,
        now: Date.now,
        externalLabels,
        log,
      }),
      agentMode: true,
      observe: (handler, code, ms) => metrics.observeRequest(handler, code, ms),
      ui: (req, res) => serveUi(req, res, { prefix: routePrefix }),
      routePrefix,
    }),
    {
      webConfigFile: options.webConfigFile,
      log: logfmtWebLog(log),
      connectionLimits: { reject: (reason) => rejections.inc(reason) },
    },
  )
  const listenUrl = await lifecycle.serve(
    { server, scheme },
    { listenAddress, reloadOnSighup: options.reloadOnSighup },
  )
  log(`level=info msg="Agent WAL storage started" dir=${JSON.stringify(storage.walDir)}`)
  return { url: listenUrl + routePrefix, storage, reload, close: () => lifecycle.close() }
}
