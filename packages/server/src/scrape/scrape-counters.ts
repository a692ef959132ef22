import { Counter, Registry } from '@watchfire/client'
import {
  ERR_DUPLICATE_SAMPLE_FOR_TIMESTAMP,
  ERR_OUT_OF_BOUNDS,
  ERR_OUT_OF_ORDER_SAMPLE,
} from '@watchfire/storage'

function counter(registry: Registry, name: string, help: string): Counter {
  const c = new Counter({ name, help, registers: [registry] })
  c.inc(0)
  return c
}

/**
 * The scrape loops' refusal counters, named and worded as Prometheus 2.42's
 * `prometheus_target_scrapes_*` and `prometheus_target_scrape_pool_exceeded_{target,label}_limit(s)_total` (shared by every job; the loops count into one instance).
 */
export class ScrapeCounters {
  private readonly bodySize: Counter
  private readonly sampleLimit: Counter
  private readonly outOfOrder: Counter
  private readonly duplicate: Counter
  private readonly outOfBounds: Counter
  private readonly targetLimit: Counter
  private readonly labelLimits: Counter

  /** Registers the counters on `registry` (a private one when absent, for callers that do not export them). */
  constructor(registry: Registry = new Registry()) {
    this.bodySize = counter(
      registry,
      'prometheus_target_scrapes_exceeded_body_size_limit_total',
      'Total number of scrapes that hit the body size limit',
    )
    this.sampleLimit = counter(
      registry,
      'prometheus_target_scrapes_exceeded_sample_limit_total',
      'Total number of scrapes that hit the sample limit and were rejected.',
    )
    this.outOfOrder = counter(
      registry,
      'prometheus_target_scrapes_sample_out_of_order_total',
      'Total number of samples rejected due to not being out of the expected order.',
    )
    this.duplicate = counter(
      registry,
      'prometheus_target_scrapes_sample_duplicate_timestamp_total',
      'Total number of samples rejected due to duplicate timestamps but different values.',
    )
    this.outOfBounds = counter(
      registry,
      'prometheus_target_scrapes_sample_out_of_bounds_total',
      'Total number of samples rejected due to timestamp falling out of the time bounds.',
    )
    this.targetLimit = counter(
      registry,
      'prometheus_target_scrape_pool_exceeded_target_limit_total',
      'Total number of times scrape pools hit the target limit, during sync or config reload.',
    )
    this.labelLimits = counter(
      registry,
      'prometheus_target_scrape_pool_exceeded_label_limits_total',
      'Total number of times scrape pools hit the label limits, during sync or config reload.',
    )
  }

  /** A scrape whose body was over body_size_limit. */
  exceededBodySizeLimit(): void {
    this.bodySize.inc()
  }

  /** A scrape with more samples than sample_limit. */
  exceededSampleLimit(): void {
    this.sampleLimit.inc()
  }

  /** A sync or reload that left a job with more targets than its target_limit. */
  exceededTargetLimit(): void {
    this.targetLimit.inc()
  }

  /** A scrape that failed on label_limit, label_name_length_limit or label_value_length_limit. */
  exceededLabelLimits(): void {
    this.labelLimits.inc()
  }

  /** A sample the storage refused: counted by the storage's sentinel error (others are ignored). */
  sampleRejected(err: unknown): void {
    if (err === ERR_OUT_OF_ORDER_SAMPLE) this.outOfOrder.inc()
    else if (err === ERR_DUPLICATE_SAMPLE_FOR_TIMESTAMP) this.duplicate.inc()
    else if (err === ERR_OUT_OF_BOUNDS) this.outOfBounds.inc()
  }
}
