import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Queryable } from '@watchfire/storage'
import { answerOutsidePrefix, placeUnderPrefix } from '@watchfire/web-config'
import { ApiError } from './api-error.js'
import { isAdminPath, serveAdmin, type AdminApi } from './admin-api.js'
import { writeError, writeSuccess, type ApiResult } from './api-response.js'
import { compressResponse } from './compression.js'
import { instantQuery, rangeQuery, type QueryApiDeps } from './query-api.js'
import { ApiForm } from './request-body.js'
import { labelNames, labelValues, seriesLookup } from './series-api.js'
import {
  statusBuildInfo,
  statusConfig,
  statusFlags,
  statusRuntimeInfo,
  statusTsdb,
  type StatusSource,
} from './status-api.js'
import { metadata, targetsMetadata, type MetadataRetriever } from './metadata-api.js'
import { targets, type TargetRetriever } from './targets-api.js'
import { alertsApi, rulesApi, type RulesRetriever } from './rules-api.js'
import { alertmanagersApi, type AlertmanagerRetriever } from './alertmanagers-api.js'
import { queryExemplars, type ExemplarQueryable } from './exemplars-api.js'

/** The lifecycle endpoints' hooks (`/-/reload`, `/-/quit`), honoured with --web.enable-lifecycle. */
export interface Lifecycle {
  enabled: boolean
  /** Reloads the configuration; rejects with the reason when the new one cannot be applied. */
  reload(): Promise<void>
  quit(): void
}

/** Everything the web layer consumes; the server entry wires concrete parts in. */
export interface WebDeps extends QueryApiDeps {
  queryable: Queryable
  targets: TargetRetriever
  metadata: MetadataRetriever
  status: StatusSource
  /** The rule manager, for /api/v1/rules and /api/v1/alerts; none loaded when absent. */
  rules?: RulesRetriever
  /** The notifier, for /api/v1/alertmanagers; none discovered when absent. */
  alertmanagers?: AlertmanagerRetriever
  lifecycle: Lifecycle
  isReady(): boolean
  /** Serves the server's own metrics on /metrics. */
  metrics(req: IncomingMessage, res: ServerResponse): void
  /** The exemplar storage, for /api/v1/query_exemplars; answers no exemplars when absent. */
  exemplars?: ExemplarQueryable
  /** The remote-write receiver, when enabled. */
  remoteWrite?: (req: IncomingMessage, res: ServerResponse) => Promise<void>
  /** POST /api/v1/read, the remote-read endpoint. */
  remoteRead?: (req: IncomingMessage, res: ServerResponse) => Promise<void>
  /** GET /federate. */
  federate?: (req: IncomingMessage, res: ServerResponse) => Promise<void>
  /** Agent mode: the query endpoints answer 422 "unavailable with Prometheus Agent". */
  agentMode?: boolean
  /** Told about every request, for prometheus_http_requests_total and friends. */
  observe?(handler: string, code: number, durationMs: number): void
  /** The TSDB admin endpoints (/api/v1/admin/tsdb/*); refused unless present and enabled. */
  admin?: AdminApi
  /** Admits a query (--query.max-concurrency); queries run at once when absent. */
  admitQuery?: <T>(signal: AbortSignal, task: () => Promise<T>) => Promise<T>
  /** Request targets longer than this are answered 414 and reported to `reject`. */
  maxUrlBytes?: number
  reject?(reason: 'url_too_long'): void
  /** The web UI: answers its own paths and resolves true, or false to let the 404 through. */
  ui?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>
  /** --web.route-prefix as `computeRoutePrefix` gives it (`''` or `/prom`): every route lives below it. */
  routePrefix?: string
}

type ApiCall = (
  deps: WebDeps,
  form: ApiForm,
  signal: AbortSignal,
  param: string,
) => ApiResult | Promise<ApiResult>

interface ApiRoute {
  methods: readonly string[]
  call: ApiCall
}

const GET_POST = ['GET', 'POST'] as const

const NO_RULES: RulesRetriever = { groups: () => [] }

const NO_EXEMPLARS: ExemplarQueryable = { selectExemplars: () => [] }

const NO_ALERTMANAGERS: AlertmanagerRetriever = { alertmanagers: () => [], droppedAlertmanagers: () => [] }

const API_ROUTES: Readonly<Record<string, ApiRoute>> = {
  '/query': { methods: GET_POST, call: (d, f, s) => gated(d, s, () => instantQuery(d, f, s)) },
  '/query_range': { methods: GET_POST, call: (d, f, s) => gated(d, s, () => rangeQuery(d, f, s)) },
  '/query_exemplars': { methods: GET_POST, call: (d, f) => queryExemplars(d.exemplars ?? NO_EXEMPLARS, f) },
  '/series': { methods: GET_POST, call: (d, f) => seriesLookup(d.queryable, f) },
  '/labels': { methods: GET_POST, call: (d, f) => labelNames(d.queryable, f) },
  '/label/:name/values': { methods: ['GET'], call: (d, f, _s, name) => labelValues(d.queryable, name, f) },
  '/targets': { methods: ['GET'], call: (d, f) => targets(d.targets, f) },
  '/targets/metadata': { methods: ['GET'], call: (d, f) => targetsMetadata(d.targets, d.metadata, f) },
  '/metadata': { methods: ['GET'], call: (d, f) => metadata(d.targets, d.metadata, f) },
  '/rules': { methods: ['GET'], call: (d, f) => rulesApi(d.rules ?? NO_RULES, f) },
  '/alerts': { methods: ['GET'], call: (d) => alertsApi(d.rules ?? NO_RULES) },
  '/alertmanagers': { methods: ['GET'], call: (d) => alertmanagersApi(d.alertmanagers ?? NO_ALERTMANAGERS) },
  '/status/config': { methods: ['GET'], call: (d) => statusConfig(d.status) },
  '/status/flags': { methods: ['GET'], call: (d) => statusFlags(d.status) },
  '/status/buildinfo': { methods: ['GET'], call: (d) => statusBuildInfo(d.status) },
  '/status/runtimeinfo': { methods: ['GET'], call: (d) => statusRuntimeInfo(d.status) },
  '/status/tsdb': { methods: ['GET'], call: (d) => statusTsdb(d.status) },
}

// Prometheus's agent answers these with 422: it keeps no data to query and runs no rules.
const AGENT_REFUSED: ReadonlySet<string> = new Set([
  '/query',
  '/query_range',
  '/query_exemplars',
  '/format_query',
  '/series',
  '/labels',
  '/label/:name/values',
  '/rules',
  '/alerts',
  '/alertmanagers',
  '/status/tsdb',
])

function gated<T>(deps: WebDeps, signal: AbortSignal, task: () => Promise<T>): Promise<T> {
  return deps.admitQuery === undefined ? task() : deps.admitQuery(signal, task)
}

const LABEL_VALUES = /^\/label\/([^/]+)\/values$/

// Go sends a short body whole, with its Content-Length, rather than chunked.
function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  })
  res.end(body)
}

// Go's http.NotFound, which also forbids content sniffing.
function notFound(res: ServerResponse): void {
  const body = '404 page not found\n'
  res.writeHead(404, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Content-Length': body.length,
  })
  res.end(body)
}

function matchApi(path: string): { key: string; param: string } | undefined {
  if (API_ROUTES[path] !== undefined) return { key: path, param: '' }
  const m = LABEL_VALUES.exec(path)
  if (m === null) return undefined
  try {
    return { key: '/label/:name/values', param: decodeURIComponent(m[1] as string) }
  } catch {
    return undefined
  }
}

async function serveApi(
  deps: WebDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  path: string,
): Promise<string> {
  if (path === '/read') {
    if (deps.remoteRead === undefined) text(res, 404, 'not found\n')
    else if (req.method !== 'POST') text(res, 405, 'Method Not Allowed\n')
    else await deps.remoteRead(req, res)
    return '/api/v1/read'
  }
  if (path === '/write') {
    if (deps.remoteWrite === undefined) {
      text(res, 404, 'remote write receiver needs to be enabled with --web.enable-remote-write-receiver\n')
    } else if (req.method !== 'POST') text(res, 405, 'Method Not Allowed\n')
    else await deps.remoteWrite(req, res)
    return '/api/v1/write'
  }
  if (isAdminPath(path)) {
    compressResponse(req, res)
    await serveAdmin(deps.admin, req, res, url, path)
    return `/api/v1${path}`
  }
  const match = matchApi(path)
  if (match === undefined) {
    notFound(res)
    return '/api/v1/*'
  }
  const route = API_ROUTES[match.key] as ApiRoute
  const handler = `/api/v1${match.key}`
  // Prometheus compresses every routed API answer (errors too), not its 404s nor remote read/write.
  compressResponse(req, res)
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { Allow: route.methods.join(', ') })
    res.end()
    return handler
  }
  if (!route.methods.includes(req.method ?? '')) {
    text(res, 405, 'Method Not Allowed\n')
    return handler
  }
  if (deps.agentMode === true && AGENT_REFUSED.has(match.key)) {
    writeError(res, new ApiError('execution', 'unavailable with Prometheus Agent'))
    return handler
  }
  const controller = new AbortController()
  // A client that goes away cancels its query.
  const onClose = (): void => {
    if (!res.writableFinished) controller.abort(new Error('client disconnected'))
  }
  res.once('close', onClose)
  try {
    const form = await ApiForm.read(req, url)
    writeSuccess(res, await route.call(deps, form, controller.signal, match.param))
  } catch (err) {
    writeError(res, err)
  }
  return handler
}

async function serveLifecycle(
  deps: WebDeps,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  if (req.method !== 'POST' && req.method !== 'PUT')
    return text(res, 405, 'Only POST or PUT requests allowed\n')
  if (!deps.lifecycle.enabled) return text(res, 403, 'Lifecycle API is not enabled.\n')
  if (path === '/-/quit') {
    text(res, 200, 'Requesting termination... Goodbye!\n')
    deps.lifecycle.quit()
    return
  }
  try {
    await deps.lifecycle.reload()
    text(res, 200, '')
  } catch (err) {
    text(res, 500, `failed to reload config: ${(err as Error).message}\n`)
  }
}

async function route(deps: WebDeps, req: IncomingMessage, res: ServerResponse): Promise<string> {
  if (deps.maxUrlBytes !== undefined && (req.url ?? '').length > deps.maxUrlBytes) {
    deps.reject?.('url_too_long')
    text(res, 414, 'URI Too Long\n')
    return 'other'
  }
  const url = new URL(req.url ?? '/', 'http://localhost')
  const placed = placeUnderPrefix(req.method ?? 'GET', url.pathname, url.search, deps.routePrefix ?? '')
  if (placed.kind !== 'inside') {
    answerOutsidePrefix(res, req.method ?? 'GET', placed)
    return placed.kind === 'outside' ? 'other' : '/'
  }
  const path = placed.path
  if (path.startsWith('/api/v1/')) return serveApi(deps, req, res, url, path.slice('/api/v1'.length))
  switch (path) {
    case '/-/healthy':
      text(res, 200, 'Prometheus Server is Healthy.\n')
      return path
    case '/-/ready':
      if (deps.isReady()) text(res, 200, 'Prometheus Server is Ready.\n')
      else text(res, 503, 'Service Unavailable\n')
      return path
    case '/-/reload':
    case '/-/quit':
      await serveLifecycle(deps, req, res, path)
      return path
    case '/federate':
      if (deps.federate === undefined) notFound(res)
      else {
        compressResponse(req, res)
        await deps.federate(req, res)
      }
      return path
    case '/metrics':
      deps.metrics(req, res)
      return path
    default:
      if (deps.ui !== undefined && (await deps.ui(req, res))) return 'ui'
      notFound(res)
      return 'other'
  }
}

/** The server's HTTP request listener: API v1, lifecycle and health endpoints, /metrics. */
export function createWebHandler(deps: WebDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const began = performance.now()
    route(deps, req, res).then(
      (handler) => deps.observe?.(handler, res.statusCode, performance.now() - began),
      (err: unknown) => {
        if (!res.headersSent) writeError(res, err)
        else res.destroy(err instanceof Error ? err : new Error(String(err)))
      },
    )
  }
}
