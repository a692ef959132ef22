import { InvalidNameError, isLegacyLabelName, isLegacyMetricName } from '@watchfire/model'
import type { LabelRecord, Metric, MetricFamily, MetricType } from '@watchfire/model'

/** Naming options every default collector accepts: a metric-name prefix and constant labels. */
export interface CollectorNaming {
  /** Prepended to every metric name, e.g. `myapp_`. */
  prefix?: string
  /** Constant labels added to every series, e.g. `{ service: 'api' }`. */
  labels?: Readonly<Record<string, string>>
}

/**
 * Builds metric families with one collector's prefix and constant labels applied, so each collector
 * only states base names and its own labels. Validates the naming once, at construction, so a bad
 * prefix fails when the collector is created rather than at the first scrape.
 */
export class FamilyBuilder {
  private readonly prefix: string
  private readonly constLabels: LabelRecord

  constructor(naming: CollectorNaming = {}, reservedLabels: readonly string[] = []) {
    this.prefix = naming.prefix ?? ''
    this.constLabels = { ...naming.labels }
    if (this.prefix !== '' && !isLegacyMetricName(this.prefix)) {
      throw new InvalidNameError(`invalid metric name prefix ${JSON.stringify(this.prefix)}`)
    }
    for (const name of Object.keys(this.constLabels)) {
      if (!isLegacyLabelName(name) || name.startsWith('__')) {
        throw new InvalidNameError(`invalid label name ${JSON.stringify(name)} in default metric labels`)
      }
      if (reservedLabels.includes(name)) {
        throw new InvalidNameError(
          `label ${JSON.stringify(name)} in default metric labels clashes with a label the collector sets`,
        )
      }
    }
  }

  /** The full metric name for `base`. */
  name(base: string): string {
    return this.prefix + base
  }

  /** The collector's own labels followed by the constant labels. */
  labels(own?: LabelRecord): LabelRecord {
    return own === undefined ? this.constLabels : { ...own, ...this.constLabels }
  }

  /** A family of `type` with the given metrics (their labels already built with {@link labels}). */
  family(base: string, help: string, type: MetricType, metrics: Metric[]): MetricFamily {
    return { name: this.prefix + base, help, type, unit: '', metrics }
  }

  /** A family holding one unlabelled (constant labels only) sample. */
  single(base: string, help: string, type: 'gauge' | 'counter', value: number): MetricFamily {
    return this.family(base, help, type, [{ labels: this.constLabels, value }])
  }
}
