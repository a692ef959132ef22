import { Counter, Gauge, type Registry } from '@watchfire/client'

/** One self-metric read from a stats snapshot: Prometheus's name and help text, and the reading. */
export type StatMetric<S> = readonly [name: string, help: string, read: (stats: S) => number]

/**
 * Registers self-metrics that are read from `stats()` when scraped, so nothing runs between scrapes:
 * each gauge is set to its reading; each counter follows a running total kept by the component,
 * advancing by the growth since the last scrape (a total that went down, after a restart of the
 * component, is taken as the new base).
 */
export function registerStatMetrics<S>(
  registry: Registry,
  stats: () => S,
  gauges: readonly StatMetric<S>[],
  counters: readonly StatMetric<S>[],
): void {
  for (const [name, help, read] of gauges) {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read(stats()))
      },
    })
  }
  for (const [name, help, read] of counters) {
    let seen = 0
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        const now = read(stats())
        if (now > seen) this.inc(now - seen)
        seen = now
      },
    })
  }
}
