import type { Registry } from '@watchfire/client'
import { guardConnections, type ConnectionGuard, type WebListener } from '@watchfire/web-config'
import type { AdminTsdb } from './web/admin-api.js'
import { attachBodyBudget, BodyBudget } from './web/body-budget.js'
import { DEFAULT_WEB_LIMITS, RejectionCounter, type RejectReason, type WebLimits } from './web/limits.js'
import { QueryGate } from './web/query-gate.js'
import type { WebDeps } from './web/web-handler.js'

/** Inputs of {@link createHardening}. */
export interface HardeningOptions {
  registry: Registry
  tsdb: AdminTsdb
  /** --web.enable-admin-api */
  enableAdminApi: boolean
  /** Overrides of {@link DEFAULT_WEB_LIMITS}. */
  limits?: Partial<WebLimits>
  /** --query.timeout, which also bounds the wait in the query queue. */
  queryTimeoutMs: number
}

/** The server's limits and admin switches, ready to wire into the web handler and the listening server. */
export interface Hardening {
  limits: Readonly<WebLimits>
  /** The parts of the web handler's dependencies this provides. */
  webDeps: Pick<WebDeps, 'admin' | 'admitQuery' | 'maxUrlBytes' | 'reject'>
  /** Counts a refusal. */
  reject(reason: RejectReason): void
  /** Request-body bytes being read, server-wide (attached to every request by `guard`). */
  bodyBudget: BodyBudget
  /** Applies the connection, header and body-budget limits to the server. */
  guard(server: WebListener): ConnectionGuard
}

/** Builds the server's refusal counter, query gate, admin API switch and connection guard. */
export function createHardening(options: HardeningOptions): Hardening {
  const limits: WebLimits = { ...DEFAULT_WEB_LIMITS }
  for (const [key, value] of Object.entries(options.limits ?? {}) as [keyof WebLimits, number | undefined][])
    if (value !== undefined) limits[key] = value
  const rejections = new RejectionCounter(options.registry)
  const reject = (reason: RejectReason): void => rejections.inc(reason)
  const gate = new QueryGate(limits.maxQueryConcurrency, options.registry)
  gate.onQueueTimeout = () => reject('query_queue_timeout')
  const bodyBudget = new BodyBudget(limits.maxRequestBodyBytesInFlight, () => reject('body_bytes_in_flight'))
  return {
    limits,
    webDeps: {
      admin: { enabled: options.enableAdminApi, tsdb: options.tsdb },
      admitQuery: (signal, task) => gate.admit(signal, options.queryTimeoutMs, task),
      maxUrlBytes: limits.maxUrlBytes,
      reject,
    },
    reject,
    bodyBudget,
    guard: (server) => {
      // First, so the budget is attached before any handler starts reading.
      server.prependListener('request', (req) => attachBodyBudget(req, bodyBudget))
      return guardConnections(server, { limits, reject })
    },
  }
}
