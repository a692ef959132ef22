import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import type { EventLoopUtilization, IntervalHistogram } from 'node:perf_hooks'
import type { MetricFamily } from '@watchfire/model'
import type { Collector } from '../collector.js'
import { FamilyBuilder } from './family-builder.js'
import type { CollectorNaming } from './family-builder.js'

/** Options of {@link EventLoopCollector}. */
export interface EventLoopCollectorOptions extends CollectorNaming {
  /** Sampling interval of the event-loop delay monitor in milliseconds (prom-client's default: 10). */
  eventLoopMonitoringPrecision?: number
}

// Statistic name, help text and how to read it from the delay histogram (nanoseconds).
const DELAY_STATS: ReadonlyArray<readonly [string, string, (h: IntervalHistogram) => number]> = [
  ['min', 'The minimum recorded event loop delay.', (h) => h.min],
  ['max', 'The maximum recorded event loop delay.', (h) => h.max],
  ['mean', 'The mean of the recorded event loop delays.', (h) => h.mean],
  ['stddev', 'The standard deviation of the recorded event loop delays.', (h) => h.stddev],
  ['p50', 'The 50th percentile of the recorded event loop delays.', (h) => h.percentile(50)],
  ['p90', 'The 90th percentile of the recorded event loop delays.', (h) => h.percentile(90)],
  ['p99', 'The 99th percentile of the recorded event loop delays.', (h) => h.percentile(99)],
]

/**
 * Event-loop health: the lag measured at scrape time (`nodejs_eventloop_lag_seconds`), the delay
 * distribution since the previous scrape from `perf_hooks.monitorEventLoopDelay`, and the loop's
 * utilization over the same window. The delay monitor's sampling timer is unref'd by Node, so it
 * never keeps the process alive; {@link stop} disables it.
 */
export class EventLoopCollector implements Collector {
  private readonly families: FamilyBuilder
  private readonly delay: IntervalHistogram
  private readonly lastStats: number[] = DELAY_STATS.map(() => 0)
  private lastUtilization: EventLoopUtilization = performance.eventLoopUtilization()

  constructor(options: EventLoopCollectorOptions = {}) {
    this.families = new FamilyBuilder(options)
    this.delay = monitorEventLoopDelay({ resolution: options.eventLoopMonitoringPrecision ?? 10 })
    this.delay.enable()
  }

  /** Measures the current lag and reads, then resets, the delay distribution. */
  async collect(): Promise<MetricFamily[]> {
    const f = this.families
    const lagSeconds = await measureLag()

    // An empty window (two scrapes within one sampling interval) keeps the previous window's
    // figures: the histogram would otherwise report its sentinel min and a NaN mean.
    if (this.delay.count > 0) {
      for (let i = 0; i < DELAY_STATS.length; i++) {
        this.lastStats[i] = (DELAY_STATS[i] as (typeof DELAY_STATS)[number])[2](this.delay) / 1e9
      }
      this.delay.reset()
    }

    const now = performance.eventLoopUtilization()
    const window = performance.eventLoopUtilization(now, this.lastUtilization)
    this.lastUtilization = now

    const out: MetricFamily[] = [
      f.single('nodejs_eventloop_lag_seconds', 'Lag of event loop in seconds.', 'gauge', lagSeconds),
    ]
    for (let i = 0; i < DELAY_STATS.length; i++) {
      const [stat, help] = DELAY_STATS[i] as (typeof DELAY_STATS)[number]
      out.push(f.single(`nodejs_eventloop_lag_${stat}_seconds`, help, 'gauge', this.lastStats[i] as number))
    }
    out.push(
      f.single(
        'nodejs_eventloop_utilization_ratio',
        'Fraction of time the event loop was busy since the previous scrape.',
        'gauge',
        window.utilization,
      ),
    )
    return out
  }

  /** Disables the delay monitor; the collector must not be used afterwards. */
  stop(): void {
    this.delay.disable()
  }
}

/** Seconds until a callback queued now with `setImmediate` runs: how far behind the event loop is. */
function measureLag(): Promise<number> {
  const start = process.hrtime.bigint()
  return new Promise((resolve) => {
    setImmediate(() => resolve(Number(process.hrtime.bigint() - start) / 1e9))
  })
}
