import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Engine } from '@watchfire/promql'
import type { Appendable, Queryable } from '@watchfire/storage'
import { openDB, type DB } from '@watchfire/tsdb'
import type { Config } from './config/config-types.js'
import { DiscoveryManager } from './discovery/discovery-manager.js'
import { ScrapeManager } from './scrape/scrape-manager.js'
import { defaultFetcherFor } from './scrape/scrape-pool.js'
import { ServerConfig, type ConfigSource } from './server-config.js'
import { createServerRules, rulesConfigOf } from './server-rules.js'
import { ServerMetrics } from './server-metrics.js'
import { ServerStatus } from './server-status.js'
import { TargetMetadata } from './target-metadata.js'
import { remoteWriteHandler } from './web/remote-write-handler.js'
import { createWebHandler } from './web/web-handler.js'
import { serveUi } from '@watchfire/ui'

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
  /** --web.enable-lifecycle: POST /-/reload and /-/quit. */
  enableLifecycle?: boolean
  /** --web.enable-remote-write-receiver: POST /api/v1/write. */
  enableRemoteWriteReceiver?: boolean
  /** --enable-feature=native-histograms */
  nativeHistograms?: boolean
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
  /** Called on POST /-/quit. */
  onQuit?: () => void
  log?: (message: string) => void
}

/** A running server. */
export interface RunningServer {
  /** `http://host:port` it listens on. */
  url: string
  db: DB
  engine: Engine
  /** Reloads the configuration; rejects (keeping the old one) when the new one cannot be loaded. */
  reload(): Promise<void>
  /** Stops scraping and serving, then closes the TSDB. */
  close(): Promise<void>
}

function splitAddress(address: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]*)\]|([^:]*)):(\d+)$/.exec(address)
  if (m === null) throw new Error(`cannot parse listen address ${JSON.stringify(address)} (want host:port)`)
  return { host: m[1] ?? m[2] ?? '', port: Number(m[3]) }
}

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host === '' ? undefined : host, () => {
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
  const log = options.log ?? ((m: string) => console.error(m))
  const retentionMs = options.retentionMs ?? 15 * 24 * 3_600_000
  const db = await openDB(options.storagePath, { retentionMs, logger: log })
  const engine = new Engine({
    lookbackDeltaMs: options.lookbackDeltaMs,
    timeoutMs: options.queryTimeoutMs,
    maxSamples: options.queryMaxSamples,
  })
  const metrics = new ServerMetrics(() => db.stats())
  const metadata = new TargetMetadata()
  const scrape = new ScrapeManager(db, {
    nativeHistograms: options.nativeHistograms ?? false,
    fetcherFor: metadata.wrap(defaultFetcherFor),
  })
  const discovery = new DiscoveryManager({ onUpdate: (sets) => void scrape.sync(sets) })
  const config = new ServerConfig(options.config)
  const components = options.components?.({ engine, queryable: db, appendable: db, log }) ?? []
  const rules = createServerRules({ engine, queryable: db, appendable: db, registry: metrics.registry, log })
  // First, so a bad rule file refuses the reload before any other component adopted the new config.
  config.onApply((c) => rules.applyConfig(rulesConfigOf(c)))
  config.onApply((c) => scrape.applyConfig(c))
  config.onApply((c) => discovery.applyConfig(c))
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
    await db.close()
    throw err
  }

  const controller = new AbortController()
  const running = Promise.all([
    scrape.run(controller.signal),
    discovery.run(controller.signal),
    rules.run(controller.signal),
    ...components.map((c) => c.run(controller.signal)),
  ])
  let ready = false
  const server = createServer(
    createWebHandler({
      engine,
      queryable: db,
      now: Date.now,
      targets: scrape,
      metadata,
      rules,
      status: new ServerStatus(config, db, options.flags ?? {}, retentionMs),
      lifecycle: {
        enabled: options.enableLifecycle ?? false,
        reload,
        quit: () => options.onQuit?.(),
      },
      isReady: () => ready,
      metrics: metrics.handler(),
      remoteWrite: options.enableRemoteWriteReceiver ? remoteWriteHandler(db, { log }) : undefined,
      observe: (handler, code, ms) => metrics.observeRequest(handler, code, ms),
      ui: (req, res) => serveUi(req, res),
    }),
  )
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
    url: `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`,
    db,
    engine,
    reload,
    close: () =>
      (closing ??= (async () => {
        ready = false
        process.off('SIGHUP', onSighup)
        controller.abort()
        await running
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        })
        metrics.close()
        await db.close()
      })()),
  }
}
