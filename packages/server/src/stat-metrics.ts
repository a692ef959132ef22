import { Counter, Gauge, type Registry } from '@watchfire/client'

/** One self-metric read from a stats snapshot: Prometheus's name and help text, and the reading. */
export type StatMetric<S> = readonly [name: string, help: string, read: (stats: S) => number]

/** A counter split by one label: Prometheus's name and help text, the label, and a reading per value. */
export type LabelledStatMetric<S> = readonly [
  name: string,
  help: string,
  label: string,
  reads: Readonly<Record<string, (stats: S) => number>>,
]

/**
 * Follows a running total kept by a component: returns the growth since the last reading (a total
 * that went down, after a restart of the component, is taken as the new base).
 */
function growthOf(): (now: number) => number {
  let seen = 0
  return (now) => {
    const growth = now > seen ? now - seen : 0
    seen = now
    return growth
  }
}

/**
 * Registers self-metrics that are read from `stats()` when scraped, so nothing runs between scrapes:
 * each gauge is set to its reading; each counter follows a running total kept by the component,
 * advancing by the growth since the last scrape.
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
    const growth = growthOf()
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        const by = growth(read(stats()))
        if (by > 0) this.inc(by)
      },
    })
  }
}

/**
 * Registers counters split by one label, each label value following its own running total as in
 * {@link registerStatMetrics}; every value listed is exposed from the first scrape on.
 */
export function registerLabelledStatCounters<S>(
  registry: Registry,
  stats: () => S,
  counters: readonly LabelledStatMetric<S>[],
): void {
  for (const [name, help, label, reads] of counters) {
    const values = Object.entries(reads).map(([value, read]) => ({ value, read, growth: growthOf() }))
    new Counter({
      name,
      help,
      labelNames: [label],
      registers: [registry],
      collect() {
        const s = stats()
        for (const v of values) this.inc({ [label]: v.value }, v.growth(v.read(s)))
      },
    })
  }
}
