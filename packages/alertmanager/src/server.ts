import type { IncomingMessage, ServerResponse } from 'node:http'
import { WatchfireError } from '@watchfire/model'
import { Counter, Gauge } from '@watchfire/client'
import {
  answerOutsidePrefix,
  computeRoutePrefix,
  createWebServer,
  listenWebServer,
  parseListenAddress,
  placeUnderPrefix,
  silentLogger,
  type BoundServer,
  type Logger,
  type WebServer,
} from '@watchfire/web-config'
import { Alertmanager } from './alertmanager.js'
import { handleApiV2 } from './api/v2.js'
import { systemClock, type Clock, type TimerHandle } from './clock.js'
import { loadConfigFile } from './config/load.js'
import { ApiError } from './errors.js'
import { loadSnapshot, saveSnapshot } from './store/snapshot.js'
import { serveUi } from './ui/serve-ui.js'

/** The version reported by /api/v2/status and `alertmanager_build_info`. */
export const ALERTMANAGER_VERSION = '0.25.0-watchfire'

/** Options of {@link startAlertmanager}; each mirrors one of the original's flags unless noted. */
export interface AlertmanagerServerOptions {
  /** `--config.file`. */
  configFile: string
  /** `--storage.path`; empty keeps silences and the notification log in memory only. */
  storagePath?: string
  /** `--web.listen-address` (default `:9093`); port 0 picks a free port. */
  listenAddress?: string
  /** `--web.config.file`: TLS, client certificates, basic auth and headers (exporter-toolkit format). */
  webConfigFile?: string
  /** `--web.external-url`. */
  externalUrl?: string
  /** `--web.route-prefix`; default the external URL's path. Every route lives below it. */
  routePrefix?: string
  /** `--data.retention` in ms (default 120 h). */
  retentionMs?: number
  /** How often silences and the notification log are written (the original: 15 min). */
  snapshotIntervalMs?: number
  logger?: Logger
  clock?: Clock
}

/** A running Alertmanager. */
export interface RunningAlertmanager {
  url: string
  port: number
  core: Alertmanager
  /** Reloads the configuration file; a bad file keeps the old configuration and throws. */
  reload(): Promise<void>
  close(): Promise<void>
}

function checkedExternalUrl(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '' || URL.canParse(raw)) return raw
  throw new WatchfireError('ERR_AM_EXTERNAL_URL', `cannot parse external URL ${JSON.stringify(raw)}`)
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    // The rest of an oversized body is read and dropped (not reset), so the client gets its 413.
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      reject(new ApiError(413, 'request body too large'))
      req.resume()
      return
    }
    req.on('data', (c: Buffer) => {
      if (size > limit) return
      size += c.length
      if (size > limit) {
        chunks.length = 0
        reject(new ApiError(413, 'request body too large'))
      } else chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body) + '\n'
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(text)),
  })
  res.end(text)
}

/**
 * Starts an Alertmanager: loads the configuration (throws ConfigError when invalid), restores silences and
 * the notification log, serves API v2, health, reload and /metrics. Resolves once listening.
 */
export async function startAlertmanager(options: AlertmanagerServerOptions): Promise<RunningAlertmanager> {
  const logger = options.logger ?? silentLogger
  const clock = options.clock ?? systemClock
  const config = await loadConfigFile(options.configFile)
  const listen = parseListenAddress(options.listenAddress ?? ':9093', 'ERR_AM_LISTEN')
  const startTimeMs = clock.now()
  // Checked here so a bad URL refuses to start with a clear error rather than a TypeError.
  const routePrefix = computeRoutePrefix(options.routePrefix, checkedExternalUrl(options.externalUrl))
  const core = new Alertmanager({
    clock,
    externalURL: options.externalUrl ?? '',
    retentionMs: options.retentionMs ?? 120 * 3600_000,
    logger,
  })
  const reloadOk = new Gauge({
    name: 'alertmanager_config_last_reload_successful',
    help: 'Whether the last configuration reload attempt was successful.',
    registers: [core.registry],
  })
  new Gauge({
    name: 'alertmanager_build_info',
    help: 'A metric with a constant 1 value labeled by version.',
    labelNames: ['version'] as const,
    registers: [core.registry],
  }).set({ version: ALERTMANAGER_VERSION }, 1)
  const storage = options.storagePath ?? ''
  if (storage !== '') await loadSnapshot(storage, core.silences, core.nflog)
  await core.applyConfig(config)
  reloadOk.set(1)
  let externalUrl = options.externalUrl ?? ''

  async function reload(): Promise<void> {
    try {
      await core.applyConfig(await loadConfigFile(options.configFile))
      reloadOk.set(1)
      logger.log('info', 'completed loading of configuration file', { file: options.configFile })
    } catch (err) {
      reloadOk.set(0)
      logger.log('error', 'loading configuration file failed', { file: options.configFile, err })
      throw err
    }
  }

  let snapshotTimer: TimerHandle | undefined
  const snapshot = async (): Promise<void> => {
    if (storage === '') return
    try {
      await saveSnapshot(storage, core.silences, core.nflog)
    } catch (err) {
      logger.log('error', 'cannot write snapshot', { dir: storage, err })
    }
  }
  if (storage !== '') {
    const every = options.snapshotIntervalMs ?? 15 * 60_000
    const tick = (): void => {
      void snapshot()
      snapshotTimer = clock.setTimer(tick, every)
    }
    snapshotTimer = clock.setTimer(tick, every)
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const method = req.method ?? 'GET'
    const placed = placeUnderPrefix(method, url.pathname, url.search, routePrefix)
    if (placed.kind !== 'inside') {
      answerOutsidePrefix(res, method, placed)
      return
    }
    const path = placed.path
    if (path === '/-/healthy' || path === '/-/ready') {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' })
      res.end('OK')
      return
    }
    if (path === '/-/reload' && (method === 'POST' || method === 'PUT')) {
      try {
        await reload()
        res.writeHead(200).end()
      } catch (err) {
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' })
        res.end(`failed to reload config: ${(err as Error).message}\n`)
      }
      return
    }
    if (path === '/metrics' && method === 'GET') {
      const text = await core.registry.metrics()
      res.writeHead(200, { 'Content-Type': core.registry.contentType })
      res.end(text)
      return
    }
    if (path.startsWith('/api/v2/')) {
      const raw = method === 'POST' ? await readBody(req, 32 * 1024 * 1024) : ''
      let body: unknown
      if (raw !== '') {
        try {
          body = JSON.parse(raw)
        } catch {
          throw new ApiError(400, 'cannot parse request body as JSON')
        }
      }
      const answer = handleApiV2(core, method, path.slice('/api/v2'.length), url.searchParams, body, {
        startTimeMs,
        version: ALERTMANAGER_VERSION,
      })
      // Posted alerts may make a group due now (group_wait 0s): its flush is queued as an immediate, so
      // answering from one lets the notification leave first, as the original sends it from another
      // goroutine while it answers.
      if (method === 'POST' && path === '/api/v2/alerts') {
        setImmediate(() => sendJson(res, answer.status, answer.body))
      } else sendJson(res, answer.status, answer.body)
      return
    }
    if (path === '/api/v1/alerts' || path.startsWith('/api/v1/')) {
      sendJson(res, 410, {
        status: 'deprecated',
        error:
          'The Alertmanager v1 API was deprecated in version 0.16.0 and is removed as of version 0.27.0 - please use the equivalent route in the v2 API',
      })
      return
    }
    if (await serveUi(req, res, path)) return
    // Go's http.NotFound.
    res.writeHead(404, {
      'Content-Type': 'text/plain; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
      'Content-Length': '19',
    })
    res.end('404 page not found\n')
  }

  const rejected = new Counter({
    name: 'watchfire_http_requests_rejected_total',
    help: 'Requests and connections refused because they exceeded a limit, by reason.',
    labelNames: ['reason'] as const,
    registers: [core.registry],
  })
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((err: unknown) => {
      if (err instanceof ApiError) {
        if (err.status === 413) rejected.inc({ reason: 'body_too_large' })
        sendJson(res, err.status, err.message)
        return
      }
      logger.log('error', 'cannot handle request', { url: req.url, err })
      if (!res.headersSent) sendJson(res, 500, (err as Error).message)
      else res.destroy()
    })
  }
  let web: WebServer
  try {
    web = createWebServer(onRequest, {
      webConfigFile: options.webConfigFile,
      log: (level, msg, fields) => logger.log(level, msg, fields),
      connectionLimits: { reject: (reason) => rejected.inc({ reason }) },
    })
  } catch (err) {
    core.stop()
    throw err
  }
  const { server, scheme } = web
  let bound: BoundServer
  try {
    bound = await listenWebServer(server, scheme, listen, {
      code: 'ERR_AM_LISTEN',
      address: options.listenAddress ?? ':9093',
    })
  } catch (err) {
    core.stop()
    throw err
  }
  const { url } = bound
  if (externalUrl === '') externalUrl = url
  let closing: Promise<void> | undefined
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      snapshotTimer?.cancel()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      core.stop()
      await snapshot()
    })())
  logger.log('info', 'listening', { address: `${listen.host ?? ''}:${bound.port}` })
  return { url, port: bound.port, core, reload, close }
}
