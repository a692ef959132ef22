import type { Metric, MetricFamily } from '@watchfire/model'
import type { Collector } from '../collector.js'
import { FamilyBuilder } from './family-builder.js'
import type { CollectorNaming } from './family-builder.js'

// Node's undocumented introspection hooks; prom-client reads the same ones. Typed as optional so a
// runtime without them (Bun, Deno, a future Node) loses these metrics instead of throwing.
interface ProcessIntrospection {
  _getActiveHandles?: () => unknown[]
  _getActiveRequests?: () => unknown[]
  getActiveResourcesInfo?: () => string[]
}

/**
 * What keeps the event loop busy, by type: `nodejs_active_handles{type}`,
 * `nodejs_active_requests{type}` and `nodejs_active_resources{type}`. Unlike prom-client there are
 * no `nodejs_active_*_total` gauges: a gauge must not end in `_total`, and
 * `sum without (type) (nodejs_active_handles)` gives the same figure.
 */
export class HandlesCollector implements Collector {
  private readonly families: FamilyBuilder

  constructor(options: CollectorNaming = {}) {
    this.families = new FamilyBuilder(options, ['type'])
  }

  /** Counts the current handles, requests and resources. */
  collect(): MetricFamily[] {
    const introspection = process as unknown as ProcessIntrospection
    const out: MetricFamily[] = []
    if (typeof introspection._getActiveHandles === 'function') {
      out.push(
        this.byType(
          'nodejs_active_handles',
          'Number of active libuv handles grouped by handle type.',
          introspection._getActiveHandles().map(typeOf),
        ),
      )
    }
    if (typeof introspection._getActiveRequests === 'function') {
      out.push(
        this.byType(
          'nodejs_active_requests',
          'Number of active libuv requests grouped by request type.',
          introspection._getActiveRequests().map(typeOf),
        ),
      )
    }
    if (typeof introspection.getActiveResourcesInfo === 'function') {
      out.push(
        this.byType(
          'nodejs_active_resources',
          'Number of active resources that are currently keeping the event loop alive, grouped by async resource type.',
          introspection.getActiveResourcesInfo(),
        ),
      )
    }
    return out
  }

  private byType(base: string, help: string, types: readonly string[]): MetricFamily {
    const counts = new Map<string, number>()
    for (const type of types) counts.set(type, (counts.get(type) ?? 0) + 1)
    const metrics: Metric[] = []
    for (const [type, count] of counts) metrics.push({ labels: this.families.labels({ type }), value: count })
    return this.families.family(base, help, 'gauge', metrics)
  }
}

// A handle's type is its class name (`Socket`, `Timeout`, `FSReqCallback`…).
function typeOf(item: unknown): string {
  if (typeof item !== 'object' || item === null) return typeof item
  const ctor: unknown = (item as { constructor?: unknown }).constructor
  return typeof ctor === 'function' && ctor.name !== '' ? ctor.name : 'Object'
}
