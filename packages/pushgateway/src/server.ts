import type { IncomingMessage, ServerResponse } from 'node:http'
import { gzipSync } from 'node:zlib'
import type { MetricFamily } from '@watchfire/model'
import { contentTypeFor, negotiateFormat } from '@watchfire/model'
import {
  computeRoutePrefix,
  createWebServer,
  listenWebServer,
  parseListenAddress,
  silentLogger,
  type BoundServer,
  type Logger,
  type WebServer,
} from '@watchfire/web-config'
import { apiMetrics, apiSuccess } from './api-v1.js'
import { RequestError } from './errors.js'
import { Exposition } from './exposition.js'
import { Gateway } from './gateway.js'
import { OwnMetrics, PUSHGATEWAY_VERSION } from './own-metrics.js'
import { loadSnapshot } from './persistence.js'
import { Persister } from './persister.js'
import { decodeContent } from './push-body.js'
import { readBody } from './request-body.js'
import { cleanPath, route, type Route } from './routes.js'
import { renderStatusPage } from './ui.js'
import { CORS_HEADERS, send, sendNotFound, sendText } from './respond.js'

/** Options of {@link startPushgateway}; each mirrors one of the original's flags unless noted. */
export interface PushgatewayOptions {
  /** `--web.listen-address`, `host:port` (default `:9091`, all interfaces); port 0 picks a free port. */
  listenAddress?: string
  /** `--web.telemetry-path` (default `/metrics`). */
  telemetryPath?: string
  /** `--web.config.file`: TLS, client certificates, basic auth and headers (exporter-toolkit format). */
  webConfigFile?: string
  /** `--web.external-url`: where users reach the gateway; its path is the default route prefix. */
  externalUrl?: string
  /** `--web.route-prefix`. */
  routePrefix?: string
  /** `--persistence.file`; empty or absent keeps metrics in memory only. */
  persistenceFile?: string
  /** `--persistence.interval` in ms (default 5 minutes): the minimum time between writes. */
  persistenceIntervalMs?: number
  /** `--push.disable-consistency-check`. */
  disableConsistencyCheck?: boolean
  /** `--web.enable-admin-api`: PUT /api/v1/admin/wipe and the UI's delete buttons. */
  enableAdminApi?: boolean
  /** `--web.enable-lifecycle`: PUT/POST /-/quit. */
  enableLifecycle?: boolean
  /** Largest accepted push body in bytes, after decompression (default 64 MiB); not in the original. */
  maxBodyBytes?: number
  logger?: Logger
  /** Called on an accepted /-/quit; default: close the gateway. */
  onQuit?: () => void
  /** The flags as shown by /api/v1/status and the UI. */
  flags?: Readonly<Record<string, string>>
}

/** A running gateway. */
export interface RunningPushgateway {
  /** Base URL including the route prefix, e.g. `http://127.0.0.1:9091`. */
  url: string
  port: number
  /** The core, for embedding and tests. */
  gateway: Gateway
  /** Stops listening, waits for requests under way, then writes the persistence file. Idempotent. */
  close(): Promise<void>
}

const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024
/**
 * Starts a Pushgateway: the original's HTTP API (push, delete, /metrics, API v1, health, lifecycle, UI) on
 * node:http, with optional persistence. A corrupt persistence file is logged and kept aside; the gateway then
 * starts empty. Resolves once listening.
 */
export async function startPushgateway(options: PushgatewayOptions = {}): Promise<RunningPushgateway> {
  const logger = options.logger ?? silentLogger
  const prefix = computeRoutePrefix(options.routePrefix, options.externalUrl)
  const externalPrefix = computeRoutePrefix(undefined, options.externalUrl)
  const telemetryPath = options.telemetryPath ?? '/metrics'
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  const listen = parseListenAddress(options.listenAddress ?? ':9091', 'ERR_PUSHGATEWAY_LISTEN')
  const startTimeMs = Date.now()

  const own = new OwnMetrics()
  const ownFamilies = new Map<string, MetricFamily>((await own.collect()).map((f) => [f.name, f]))
  const gateway = new Gateway({ consistencyCheck: options.disableConsistencyCheck !== true, ownFamilies })
  const store = gateway.store
  const exposition = new Exposition(store)

  let persister: Persister | undefined
  const file = options.persistenceFile ?? ''
  if (file !== '') {
    const loaded = await loadSnapshot(file)
    if (loaded.kind === 'loaded') {
      for (const group of loaded.groups) store.commit(group)
      logger.log('info', 'metrics restored', { file, groups: loaded.groups.length })
    } else if (loaded.kind === 'corrupt') {
      logger.log('error', 'could not load persisted metrics, starting empty', {
        file,
        err: loaded.error,
        kept_as: loaded.keptAs ?? '(could not be moved)',
      })
    }
    persister = new Persister(store, file, options.persistenceIntervalMs ?? 300_000, logger)
  }

  const flags = options.flags ?? {}
  let closing: Promise<void> | undefined
  const close = (): Promise<void> => (closing ??= shutdown())

  async function handle(req: IncomingMessage, res: ServerResponse, target: Route): Promise<string> {
    const method = req.method ?? 'GET'
    switch (target.kind) {
      case 'healthy':
      case 'ready':
        if (method !== 'GET' && method !== 'HEAD') return methodNotAllowed(res, target.kind)
        send(res, 200, 'OK', { 'Content-Type': 'text/plain; charset=utf-8' })
        return target.kind
      case 'telemetry': {
        if (method !== 'GET' && method !== 'HEAD') return methodNotAllowed(res, '')
        const format = negotiateFormat(req.headers.accept)
        const rendered = exposition.render(format, await own.collect())
        const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))
        const head = gzip ? gzipSync(rendered.head) : rendered.head
        const tail =
          rendered.tail.length === 0 ? rendered.tail : gzip ? rendered.gzippedTail() : rendered.tail
        const headers: Record<string, string> = {
          'Content-Type': contentTypeFor(format),
          'Content-Length': String(head.length + tail.length),
        }
        if (gzip) headers['Content-Encoding'] = 'gzip'
        res.writeHead(200, headers)
        res.write(head)
        res.end(tail)
        return ''
      }
      case 'push':
        return handlePush(req, res, target.groupPath)
      case 'status':
        if (method !== 'GET' && method !== 'HEAD') return methodNotAllowed(res, 'status')
        send(
          res,
          200,
          renderStatusPage(store.all(), {
            pathPrefix: externalPrefix,
            adminApi: options.enableAdminApi === true,
            flags,
            startTimeMs,
            version: PUSHGATEWAY_VERSION,
          }),
          { 'Content-Type': 'text/html; charset=utf-8' },
        )
        return 'status'
      case 'quit':
        if (method !== 'PUT' && method !== 'POST') {
          send(res, 405, 'Only POST or PUT requests allowed.')
          return ''
        }
        if (options.enableLifecycle !== true) {
          send(res, 403, 'Lifecycle API is not enabled.')
          return ''
        }
        send(res, 200, 'Requesting termination... Goodbye!')
        setImmediate(options.onQuit ?? (() => void close()))
        return ''
      case 'quit-unprefixed':
        send(res, 405, 'Only POST or PUT requests allowed.')
        return ''
      case 'api-options':
        send(res, 200, '', CORS_HEADERS)
        return 'api/v1/options'
      case 'api-status':
      case 'api-metrics': {
        if (method !== 'GET' && method !== 'HEAD') return methodNotAllowed(res, '')
        const data =
          target.kind === 'api-metrics'
            ? apiMetrics(store.all())
            : {
                flags,
                start_time: new Date(startTimeMs).toISOString(),
                build_information: {
                  version: PUSHGATEWAY_VERSION,
                  revision: '',
                  branch: '',
                  buildUser: '',
                  buildDate: '',
                  goVersion: process.version,
                },
              }
        send(res, 200, apiSuccess(data), { 'Content-Type': 'application/json', ...CORS_HEADERS })
        return target.kind === 'api-metrics' ? 'api/v1/metrics' : 'api/v1/status'
      }
      case 'api-wipe':
        if (options.enableAdminApi !== true || method !== 'PUT') {
          sendNotFound(res)
          return ''
        }
        sendText(res, gateway.wipe())
        persister?.changed()
        return 'wipe'
      case 'not-found':
        sendNotFound(res)
        return ''
    }
  }

  function methodNotAllowed(res: ServerResponse, handler: string): string {
    send(res, 405, 'Method Not Allowed\n', { 'Content-Type': 'text/plain; charset=utf-8' })
    return handler
  }

  async function handlePush(req: IncomingMessage, res: ServerResponse, groupPath: string): Promise<string> {
    const method = req.method ?? ''
    if (method === 'DELETE') {
      sendText(res, gateway.delete(groupPath))
      persister?.changed()
      return 'delete'
    }
    if (method !== 'PUT' && method !== 'POST') return methodNotAllowed(res, '')
    const started = performance.now()
    let sizeBytes = 0
    try {
      const raw = await readBody(req, maxBodyBytes)
      sizeBytes = raw.length
      const body = decodeContent(raw, req.headers['content-encoding'], maxBodyBytes)
      const answer = gateway.push({ method, groupPath, contentType: req.headers['content-type'], body })
      if (answer.status >= 400) {
        logger.log('error', 'pushed metrics are invalid or inconsistent with existing metrics', {
          method,
          source: req.socket.remoteAddress,
          err: answer.body,
        })
      }
      sendText(res, answer)
      persister?.changed()
      return 'push'
    } finally {
      own.observePush(method, performance.now() - started, sizeBytes)
    }
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const method = req.method ?? 'GET'
    let handler = ''
    let target: Route
    try {
      const rawPath = (req.url ?? '/').split('?', 1)[0] as string
      let path: string
      try {
        path = decodeURIComponent(rawPath)
      } catch {
        send(res, 400, '400 Bad Request')
        return
      }
      const clean = cleanPath(path)
      if (clean !== path) {
        res.writeHead(301, { Location: clean, 'Content-Length': '0' })
        res.end()
        return
      }
      target = route(path, prefix, telemetryPath, method)
    } catch (err) {
      logger.log('error', 'cannot route request', { url: req.url, err })
      send(res, 400, '400 Bad Request')
      return
    }
    handle(req, res, target)
      .then((name) => (handler = name))
      .catch((err: unknown) => {
        if (target.kind === 'push') handler = method === 'DELETE' ? 'delete' : 'push'
        if (err instanceof RequestError) {
          logger.log('debug', 'bad request', { url: req.url, err })
          const headers: Record<string, string> = { 'Content-Type': 'text/plain; charset=utf-8' }
          if (err.status === 413) {
            headers.Connection = 'close'
            own.countRejected('body_too_large')
          }
          send(res, err.status, err.message + '\n', headers)
          return
        }
        logger.log('error', 'cannot handle request', { url: req.url, err })
        if (!res.headersSent) send(res, 500, 'internal error\n')
        else res.destroy()
      })
      .finally(() => {
        if (handler !== '') own.countRequest(handler, res.statusCode, method)
      })
  }
  let web: WebServer
  try {
    web = createWebServer(onRequest, {
      webConfigFile: options.webConfigFile,
      log: (level, msg, fields) => logger.log(level, msg, fields),
      connectionLimits: { reject: (reason) => own.countRejected(reason) },
    })
  } catch (err) {
    own.stop()
    throw err
  }
  const { server, scheme } = web

  async function shutdown(): Promise<void> {
    await new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeIdleConnections()
    })
    own.stop()
    if (persister !== undefined) await persister.shutdown()
  }

  let bound: BoundServer
  try {
    bound = await listenWebServer(server, scheme, listen, {
      code: 'ERR_PUSHGATEWAY_LISTEN',
      address: options.listenAddress ?? ':9091',
    })
  } catch (err) {
    own.stop()
    throw err
  }
  logger.log('info', 'listening', { address: `${listen.host ?? ''}:${bound.port}` })
  return { url: `${bound.url}${prefix}`, port: bound.port, gateway, close }
}
