import type { Collector } from '../collector.js'
import { register as defaultRegistry } from '../registry.js'
import type { Registry, RegistryContentType } from '../registry.js'
import { EventLoopCollector } from './event-loop-collector.js'
import type { CollectorNaming } from './family-builder.js'
import { GcCollector } from './gc-collector.js'
import { HandlesCollector } from './handles-collector.js'
import { HeapCollector } from './heap-collector.js'
import { ProcessCollector } from './process-collector.js'
import { VersionCollector } from './version-collector.js'

/**
 * Options of {@link collectDefaultMetrics}: prom-client's (`register`, `prefix`, `labels`,
 * `gcDurationBuckets`, `eventLoopMonitoringPrecision`) plus one switch per collector, all on by default.
 */
export interface DefaultMetricsCollectorConfiguration extends CollectorNaming {
  /** The registry to add the collectors to; defaults to the global `register`. */
  register?: Registry<RegistryContentType>
  /** Upper bounds of `nodejs_gc_duration_seconds` buckets in seconds. */
  gcDurationBuckets?: readonly number[]
  /** Sampling interval of the event-loop delay monitor in milliseconds; default 10. */
  eventLoopMonitoringPrecision?: number
  /** `process_*`: CPU, start time, memory, file descriptors. */
  process?: boolean
  /** `nodejs_eventloop_*`: lag, delay distribution, utilization. */
  eventLoop?: boolean
  /** `nodejs_gc_duration_seconds`. */
  gc?: boolean
  /** `nodejs_heap_*` and `nodejs_external_memory_bytes`. */
  heap?: boolean
  /** `nodejs_active_handles`, `nodejs_active_requests`, `nodejs_active_resources`. */
  handles?: boolean
  /** `nodejs_version_info`. */
  version?: boolean
}

/** The collectors {@link collectDefaultMetrics} registered, and a way to stop their background observers. */
export interface DefaultMetrics {
  /** The registered collectors, in registration order. */
  readonly collectors: readonly Collector[]
  /** Stops the event-loop delay monitor and the GC observer; their metrics keep their last values. */
  stop(): void
}

// The set registered last per registry and prefix, replaced by a repeated call (tests and hot
// reloads call collectDefaultMetrics again) instead of failing every later scrape on duplicate names.
const registered = new WeakMap<Registry<RegistryContentType>, Map<string, DefaultMetrics>>()

/**
 * Registers the recommended process and Node.js runtime collectors, as prom-client's function of the
 * same name does. Everything is read at scrape time except the event-loop delay monitor and the GC
 * observer, which run in the background without keeping the process alive. Calling it again for
 * the same registry and prefix replaces the earlier set.
 */
export function collectDefaultMetrics(config: DefaultMetricsCollectorConfiguration = {}): DefaultMetrics {
  const registry = config.register ?? defaultRegistry
  const naming: CollectorNaming = { prefix: config.prefix, labels: config.labels }
  const stoppers: Array<() => void> = []
  const stop = (): void => {
    for (const stopOne of stoppers) stopOne()
  }
  const collectors: Collector[] = []
  try {
    // Handles first: the registry calls collectors in order, so the count is taken before other
    // collectors queue work of their own (the event-loop collector's lag probe is an Immediate).
    if (config.handles !== false) collectors.push(new HandlesCollector(naming))
    if (config.process !== false) collectors.push(new ProcessCollector(naming))
    if (config.eventLoop !== false) {
      const eventLoop = new EventLoopCollector({
        ...naming,
        eventLoopMonitoringPrecision: config.eventLoopMonitoringPrecision,
      })
      stoppers.push(() => eventLoop.stop())
      collectors.push(eventLoop)
    }
    if (config.heap !== false) collectors.push(new HeapCollector(naming))
    if (config.version !== false) collectors.push(new VersionCollector(naming))
    if (config.gc !== false) {
      const gc = new GcCollector({ ...naming, gcDurationBuckets: config.gcDurationBuckets })
      stoppers.push(() => gc.stop())
      collectors.push(gc)
    }
  } catch (err) {
    // A bad option found by a later collector must not leave an earlier one's monitor running.
    stop()
    throw err
  }
  let byPrefix = registered.get(registry)
  if (byPrefix === undefined) {
    byPrefix = new Map()
    registered.set(registry, byPrefix)
  }
  const previous = byPrefix.get(config.prefix ?? '')
  if (previous !== undefined) {
    previous.stop()
    for (const collector of previous.collectors) registry.unregisterCollector(collector)
  }
  for (const collector of collectors) registry.registerCollector(collector)
  const result: DefaultMetrics = { collectors, stop }
  byPrefix.set(config.prefix ?? '', result)
  return result
}
