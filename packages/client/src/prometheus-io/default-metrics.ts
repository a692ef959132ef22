import { performance } from 'node:perf_hooks'
import { collectDefaultMetrics as collectBase } from '../collectors/default-metrics.js'
import type {
  DefaultMetrics,
  DefaultMetricsCollectorConfiguration as BaseConfiguration,
} from '../collectors/default-metrics.js'
import { MetricConfigError } from '../errors.js'
import { Histogram } from '../histogram.js'
import { register as globalRegister } from '../registry.js'
import type { Registry, RegistryContentType } from '../registry.js'
import { Summary } from '../summary.js'

/** @prometheus-io/client's default-metrics options: prom-client's plus the event-loop utilization metrics'. */
export interface DefaultMetricsCollectorConfiguration extends BaseConfiguration {
  /** How often utilization is sampled, in ms; default 100. */
  eventLoopUtilizationTimeout?: number
  /** Buckets of `nodejs_eventloop_utilization_histogram`. */
  eventLoopUtilizationBuckets?: number[]
  /** Quantiles of `nodejs_eventloop_utilization_summary`. */
  eventLoopUtilizationPercentiles?: number[]
  /** Streams in the summary's sliding window; default 5. */
  eventLoopUtilizationAgeBuckets?: number
  /** The summary's sliding window in seconds; default 60. */
  eventLoopUtilizationMaxAgeSeconds?: number
}

const DEFAULT_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 0.95, 0.99, 1]
const DEFAULT_PERCENTILES = [0.01, 0.05, 0.5, 0.9, 0.95, 0.99, 0.999]

// The utilization sampler last started per registry and prefix, replaced by a repeated call like the base set.
const samplers = new WeakMap<Registry<RegistryContentType>, Map<string, () => void>>()

function positive(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback
  if (!(Number.isFinite(v) && v > 0)) {
    throw new MetricConfigError(
      `cannot collect default metrics (${name} ${String(v)} must be greater than zero)`,
    )
  }
  return v
}

function startUtilization(config: DefaultMetricsCollectorConfiguration): () => void {
  const intervalMs = positive('eventLoopUtilizationTimeout', config.eventLoopUtilizationTimeout, 100)
  const maxAgeSeconds = positive(
    'eventLoopUtilizationMaxAgeSeconds',
    config.eventLoopUtilizationMaxAgeSeconds,
    60,
  )
  const ageBuckets = positive('eventLoopUtilizationAgeBuckets', config.eventLoopUtilizationAgeBuckets, 5)
  const registry = config.register ?? globalRegister
  const prefix = config.prefix ?? ''
  const labels = config.labels ?? {}
  const labelNames = Object.keys(labels)
  const help =
    'Ratio of time the event loop is not idling in the event provider to the total time the event loop is running.'
  let byPrefix = samplers.get(registry)
  if (byPrefix === undefined) {
    byPrefix = new Map()
    samplers.set(registry, byPrefix)
  }
  byPrefix.get(prefix)?.()
  const summary = new Summary({
    name: `${prefix}nodejs_eventloop_utilization_summary`,
    help,
    labelNames,
    percentiles: config.eventLoopUtilizationPercentiles ?? DEFAULT_PERCENTILES,
    maxAgeSeconds,
    ageBuckets,
    registers: [registry],
  })
  const histogram = new Histogram({
    name: `${prefix}nodejs_eventloop_utilization_histogram`,
    help,
    labelNames,
    buckets: config.eventLoopUtilizationBuckets ?? DEFAULT_BUCKETS,
    registers: [registry],
  })
  let last = performance.eventLoopUtilization()
  let lastMs = performance.now()
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization()
    const nowMs = performance.now()
    const ratio = performance.eventLoopUtilization(now, last).utilization
    // A blocked loop fires late: one observation per interval it covered keeps the distribution time-weighted.
    const intervals = Math.round((nowMs - lastMs) / intervalMs)
    for (let i = 0; i < intervals; i++) {
      summary.observe(labels, ratio)
      histogram.observe(labels, ratio)
    }
    last = now
    lastMs = nowMs
  }, intervalMs).unref()
  const stop = (): void => {
    clearInterval(timer)
    registry.removeSingleMetric(summary.name)
    registry.removeSingleMetric(histogram.name)
    if (byPrefix.get(prefix) === stop) byPrefix.delete(prefix)
  }
  byPrefix.set(prefix, stop)
  return stop
}

/** The default metric groups @prometheus-io/client lists in `collectDefaultMetrics.metricsList`. */
const metricsList: readonly string[] = [
  'processCpuTotal',
  'processStartTime',
  'osMemoryHeap',
  'processOpenFileDescriptors',
  'processMaxFileDescriptors',
  'eventLoopLag',
  'eventLoopUtilization',
  ...(typeof process.getActiveResourcesInfo === 'function' ? ['processResources'] : []),
  'processHandles',
  'processRequests',
  'heapSizeAndUsed',
  'heapSpacesSizeAndUsed',
  'version',
  'gc',
]

function collect(config: DefaultMetricsCollectorConfiguration = {}): DefaultMetrics {
  const base = collectBase(config)
  if (config.eventLoop === false) return base
  let stopUtilization: () => void
  try {
    stopUtilization = startUtilization(config)
  } catch (err) {
    base.stop()
    throw err
  }
  return {
    collectors: base.collectors,
    stop: () => {
      base.stop()
      stopUtilization()
    },
  }
}

/**
 * @prometheus-io/client's `collectDefaultMetrics`: prom-client's set plus `nodejs_eventloop_utilization_summary`
 * and `nodejs_eventloop_utilization_histogram`, sampled in the background on an unref'd timer.
 */
export const collectDefaultMetrics: typeof collect & { readonly metricsList: readonly string[] } =
  Object.assign(collect, { metricsList })
