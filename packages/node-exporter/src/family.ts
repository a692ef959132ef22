import type { LabelRecord, Metric, MetricFamily, MetricType } from '@watchfire/model'

const NO_LABELS: LabelRecord = Object.freeze({})

/** One sample of a family; labels default to none. */
export function sample(value: number, labels: LabelRecord = NO_LABELS): Metric {
  return { labels, value }
}

/** A family with node_exporter's name, help and type. */
export function family(name: string, help: string, type: MetricType, metrics: Metric[]): MetricFamily {
  return { name, help, type, unit: '', metrics }
}

/** A family holding one unlabelled gauge. */
export function gauge(name: string, help: string, value: number): MetricFamily {
  return family(name, help, 'gauge', [sample(value)])
}

/** A family holding one unlabelled counter. */
export function counter(name: string, help: string, value: number): MetricFamily {
  return family(name, help, 'counter', [sample(value)])
}

/**
 * Collects samples into families keyed by name, keeping the first help and type, for collectors whose
 * family set depends on the machine (meminfo keys, netstat fields, per-device statistics).
 */
export class FamilySet {
  private readonly byName = new Map<string, MetricFamily>()

  /** Adds a sample to the family `name`, creating it on first use. */
  add(name: string, help: string, type: MetricType, value: number, labels: LabelRecord = NO_LABELS): void {
    let f = this.byName.get(name)
    if (f === undefined) {
      f = family(name, help, type, [])
      this.byName.set(name, f)
    }
    f.metrics.push({ labels, value })
  }

  /** The families in insertion order. */
  families(): MetricFamily[] {
    return [...this.byName.values()]
  }
}
