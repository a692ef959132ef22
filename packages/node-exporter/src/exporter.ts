import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Registry,
  renderMetrics,
  writeResponse,
} from '@watchfire/client'
import type { Collector, ExpositionSource } from '@watchfire/client'
import { contentTypeFor, negotiateFormat, serialize } from '@watchfire/model'
import { createWebServer } from '@watchfire/web-config'
import type { MetricFamily } from '@watchfire/model'
import { BuildInfoCollector } from './build-info.js'
import { COLLECTOR_FACTORIES, DEFAULT_COLLECTORS } from './collector-table.js'
import type { CollectorSettings } from './collector-table.js'
import { NodeExporterConfigError } from './errors.js'
import { parseListenAddress } from './listen-address.js'
import type { Logger } from './logger.js'
import { SILENT_LOGGER } from './logger.js'
import { NodeCollector } from './node-collector.js'
import { DEFAULT_PATHS } from './paths.js'
import type { NodePaths } from './paths.js'
import { sortFamilies } from './sort-families.js'

/** Options of {@link startNodeExporter}, mirroring node_exporter's flags. */
export interface NodeExporterOptions extends Omit<CollectorSettings, 'paths' | 'logger'> {
  /** `--web.listen-address`; default `:9100`. */
  listenAddress?: string
  /** `--web.telemetry-path`; default `/metrics`. */
  telemetryPath?: string
  /** `--web.config.file`: TLS, client certificates, basic auth and headers (exporter-toolkit format). */
  webConfigFile?: string
  /** `--web.disable-exporter-metrics`: leave out the exporter's own process, runtime and handler metrics. */
  disableExporterMetrics?: boolean
  /** `--web.max-requests`: concurrent scrapes beyond this get 503; 0 disables the limit. Default 40. */
  maxRequests?: number
  /** The collectors to run; default all of {@link DEFAULT_COLLECTORS}. */
  collectors?: readonly string[]
  paths?: Partial<NodePaths>
  logger?: Logger
}

/** A running exporter. */
export interface NodeExporter {
  /** Base URL, e.g. `http://127.0.0.1:9100`. */
  readonly url: string
  /** The URL serving the metrics. */
  readonly metricsUrl: string
  /** Stops the server and the runtime metric observers. */
  close(): Promise<void>
}

/** The collectors, the exporter's own metrics, and a way to gather both: everything but the HTTP server. */
export interface NodeExporterGatherer {
  readonly nodeCollector: NodeCollector
  /** Every family of a scrape, sorted; `only` restricts the node collectors (the `collect[]` parameter). */
  gather(only?: ReadonlySet<string>): Promise<MetricFamily[]>
  /** Counts a served scrape by HTTP status in `promhttp_metric_handler_requests_total`. */
  observe(status: number): void
  /** Tracks scrapes in flight in `promhttp_metric_handler_requests_in_flight`. */
  inFlight(delta: number): void
  stop(): void
}

/** Builds the collectors and registries of an exporter without listening; benchmarks and tests use it. */
export function createNodeExporter(options: NodeExporterOptions = {}): NodeExporterGatherer {
  const logger = options.logger ?? SILENT_LOGGER
  const settings: CollectorSettings = { ...options, paths: { ...DEFAULT_PATHS, ...options.paths }, logger }
  const collectors = new Map<string, Collector>()
  for (const name of options.collectors ?? DEFAULT_COLLECTORS) {
    const factory = COLLECTOR_FACTORIES[name]
    if (factory === undefined)
      throw new NodeExporterConfigError(`cannot enable collector ${name} (no such collector)`)
    collectors.set(name, factory(settings))
  }
  const nodeCollector = new NodeCollector(collectors, logger)
  const buildInfo = new BuildInfoCollector()
  const exporterRegistry = new Registry()
  let stop = (): void => {}
  // Registered even without exporter metrics, as promhttp registers it on the handler's own registry.
  const handlerErrors = new Counter({
    name: 'promhttp_metric_handler_errors_total',
    help: 'Total number of internal errors encountered by the promhttp metric handler.',
    labelNames: ['cause'],
    registers: [exporterRegistry],
  })
  for (const cause of ['encoding', 'gathering']) handlerErrors.labels(cause).inc(0)
  let requests: Counter<'code'> | undefined
  let inFlight: Gauge | undefined
  if (options.disableExporterMetrics !== true) {
    stop = collectDefaultMetrics({ register: exporterRegistry }).stop
    requests = new Counter({
      name: 'promhttp_metric_handler_requests_total',
      help: 'Total number of scrapes by HTTP status code.',
      labelNames: ['code'],
      registers: [exporterRegistry],
    })
    for (const code of ['200', '500', '503']) requests.labels(code).inc(0)
    inFlight = new Gauge({
      name: 'promhttp_metric_handler_requests_in_flight',
      help: 'Current number of scrapes being served.',
      registers: [exporterRegistry],
    })
  }
  return {
    nodeCollector,
    async gather(only) {
      const [own, node] = await Promise.all([exporterRegistry.collect(), nodeCollector.collectOnly(only)])
      return sortFamilies([...own, ...buildInfo.collect(), ...node])
    },
    observe(status) {
      requests?.labels(String(status)).inc()
      if (status === 500) handlerErrors.labels('gathering').inc()
    },
    inFlight: (delta) => inFlight?.inc(delta),
    stop,
  }
}

/**
 * Starts node_exporter's HTTP server: metrics on the telemetry path (content negotiation and gzip, the
 * `collect[]` filter, the `--web.max-requests` limit), a landing page everywhere else.
 */
export async function startNodeExporter(options: NodeExporterOptions = {}): Promise<NodeExporter> {
  const { host, port } = parseListenAddress(options.listenAddress ?? ':9100')
  const path = options.telemetryPath ?? '/metrics'
  const maxRequests = options.maxRequests ?? 40
  const exporter = createNodeExporter(options)
  const enabled = new Set(exporter.nodeCollector.names)
  let inFlight = 0
  const serveMetrics = async (
    req: IncomingMessage,
    res: ServerResponse,
    query: URLSearchParams,
  ): Promise<void> => {
    if (maxRequests > 0 && inFlight >= maxRequests) {
      exporter.observe(503)
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
      res.end(`Limit of concurrent requests reached (${maxRequests}), try again later.\n`)
      return
    }
    const filters = query.getAll('collect[]')
    const unknown = filters.find((f) => !enabled.has(f))
    if (unknown !== undefined) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' })
      res.end(
        `Couldn't create filtered metrics handler: couldn't create collector: missing collector: ${unknown}`,
      )
      return
    }
    const only = filters.length === 0 ? undefined : new Set(filters)
    const source: ExpositionSource = {
      async serialize(accept) {
        const format = accept === undefined || accept === '' ? 'text' : negotiateFormat(accept)
        return { contentType: contentTypeFor(format), body: serialize(await exporter.gather(only), format) }
      },
    }
    inFlight++
    exporter.inFlight(1)
    try {
      const response = await renderMetrics(source, {
        method: req.method ?? 'GET',
        accept: req.headers.accept,
        acceptEncoding: [req.headers['accept-encoding'] ?? ''].flat().join(', '),
      })
      exporter.observe(response.status)
      writeResponse(res, response)
    } finally {
      inFlight--
      exporter.inFlight(-1)
    }
  }
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname === path) {
      serveMetrics(req, res, url.searchParams).catch((err: unknown) =>
        res.destroy(err instanceof Error ? err : new Error(String(err))),
      )
      return
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    res.end(
      `<html>\n<head><title>Node Exporter</title></head>\n<body>\n<h1>Node Exporter</h1>\n<p><a href="${path}">Metrics</a></p>\n</body>\n</html>\n`,
    )
  }
  const { server, scheme } = createWebServer(onRequest, {
    webConfigFile: options.webConfigFile,
    log: (level, msg, fields) => options.logger?.[level](msg, fields),
    // Refusals are not counted: the exporter's /metrics shows only what the original's does.
    connectionLimits: {},
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
  const url = `${scheme}://${host === undefined ? '127.0.0.1' : shownHost}:${address.port}`
  return {
    url,
    metricsUrl: `${url}${path}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        exporter.stop()
        server.close((err) => (err === undefined ? resolve() : reject(err)))
        server.closeIdleConnections()
      }),
  }
}
