import type { MetricFamily } from '@watchfire/model'

/**
 * A source of metric families computed at scrape time, registered with `registry.registerCollector()`.
 *
 * `collect()` runs once per scrape (or `getMetricsAsJSON`/`collect()` call) and may be async. It must
 * return fresh families each time or families it no longer mutates; the registry does not copy them.
 * Family names must not clash with metrics or other collectors in the same registry: the scrape fails
 * with a `CollectError` naming the duplicate. A thrown error or rejected promise fails the scrape with a
 * `CollectError` whose `cause` is the original error.
 */
export interface Collector {
  /** Families to expose; an empty array exposes nothing. */
  collect(): MetricFamily[] | Promise<MetricFamily[]>
}
