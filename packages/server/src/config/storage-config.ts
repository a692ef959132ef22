import type { YamlField } from './yaml-field.js'

/** The `storage` section of prometheus.yml. */
export interface StorageConfig {
  tsdb: {
    /** `out_of_order_time_window`: how far behind the newest sample an older one is accepted; 0 rejects. */
    outOfOrderTimeWindowMs: number
  }
}

/** Reads the `storage` section (`tsdb`, and `exemplars` checked for shape only: exemplars are not stored). */
export function parseStorageConfig(field: YamlField | undefined): StorageConfig {
  const f = field?.mapping('config.StorageConfig', ['tsdb', 'exemplars'])
  const tsdb = f?.get('tsdb')?.mapping('config.TSDBConfig', ['out_of_order_time_window'])
  f?.get('exemplars')?.entries('config.ExemplarsConfig')
  return { tsdb: { outOfOrderTimeWindowMs: tsdb?.get('out_of_order_time_window')?.duration() ?? 0 } }
}
