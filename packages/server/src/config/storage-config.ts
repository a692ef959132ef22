import type { YamlField } from './yaml-field.js'

/** The `storage` section of prometheus.yml. */
export interface StorageConfig {
  tsdb: {
    /** `out_of_order_time_window`: how far behind the newest sample an older one is accepted; 0 rejects. */
    outOfOrderTimeWindowMs: number
  }
  /** `exemplars`; used with --enable-feature=exemplar-storage. */
  exemplars?: {
    /** `max_exemplars`: capacity of the exemplar ring (default 100000); 0 disables it. */
    maxExemplars: number
  }
}

/** Prometheus's default `storage.exemplars.max_exemplars`. */
export const DEFAULT_MAX_EXEMPLARS = 100_000

/** Reads the `storage` section (`tsdb` and `exemplars`). */
export function parseStorageConfig(field: YamlField | undefined): StorageConfig {
  const f = field?.mapping('config.StorageConfig', ['tsdb', 'exemplars'])
  const tsdb = f?.get('tsdb')?.mapping('config.TSDBConfig', ['out_of_order_time_window'])
  const exemplars = f?.get('exemplars')?.mapping('config.ExemplarsConfig', ['max_exemplars'])
  return {
    tsdb: { outOfOrderTimeWindowMs: tsdb?.get('out_of_order_time_window')?.duration() ?? 0 },
    exemplars: { maxExemplars: exemplars?.get('max_exemplars')?.uint() ?? DEFAULT_MAX_EXEMPLARS },
  }
}
