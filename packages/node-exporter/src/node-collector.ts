import type { Collector } from '@watchfire/client'
import type { MetricFamily } from '@watchfire/model'
import { NoDataError } from './errors.js'
import { family, sample } from './family.js'
import type { Logger } from './logger.js'
import { SILENT_LOGGER } from './logger.js'

/**
 * Runs the enabled collectors concurrently at each scrape and adds node_exporter's
 * `node_scrape_collector_duration_seconds` and `node_scrape_collector_success` per collector. A collector
 * that throws reports success 0 and contributes nothing; the others still answer.
 */
export class NodeCollector implements Collector {
  constructor(
    private readonly collectors: ReadonlyMap<string, Collector>,
    private readonly logger: Logger = SILENT_LOGGER,
  ) {}

  /** The names of the collectors this instance runs. */
  get names(): string[] {
    return [...this.collectors.keys()]
  }

  collect(): Promise<MetricFamily[]> {
    return this.collectOnly(undefined)
  }

  /** Runs only the named collectors (node_exporter's `collect[]` query parameter); all when undefined. */
  async collectOnly(names: ReadonlySet<string> | undefined): Promise<MetricFamily[]> {
    const chosen = [...this.collectors].filter(([name]) => names === undefined || names.has(name))
    const results = await Promise.all(chosen.map(([name, c]) => this.run(name, c)))
    const byName = new Map<string, MetricFamily>()
    const duration = family(
      'node_scrape_collector_duration_seconds',
      'node_exporter: Duration of a collector scrape.',
      'gauge',
      [],
    )
    const success = family(
      'node_scrape_collector_success',
      'node_exporter: Whether a collector succeeded.',
      'gauge',
      [],
    )
    results.forEach((r, i) => {
      const collector = (chosen[i] as [string, Collector])[0]
      duration.metrics.push(sample(r.seconds, { collector }))
      success.metrics.push(sample(r.ok ? 1 : 0, { collector }))
      for (const f of r.families) {
        const existing = byName.get(f.name)
        if (existing === undefined) byName.set(f.name, f)
        else existing.metrics.push(...f.metrics)
      }
    })
    return [...byName.values(), duration, success]
  }

  private async run(
    name: string,
    c: Collector,
  ): Promise<{ families: MetricFamily[]; ok: boolean; seconds: number }> {
    const start = performance.now()
    try {
      const families = await c.collect()
      return { families, ok: true, seconds: (performance.now() - start) / 1000 }
    } catch (err) {
      const seconds = (performance.now() - start) / 1000
      if (err instanceof NoDataError)
        this.logger.debug('collector returned no data', { name, duration_seconds: seconds, err })
      else this.logger.error('collector failed', { name, duration_seconds: seconds, err })
      return { families: [], ok: false, seconds }
    }
  }
}
