export type { SeriesRef, Appendable, Appender } from './appender.js'
export type { Queryable, Querier, SelectHints, SeriesSet, Series, PlannedSelect } from './querier.js'
export { ValueType, EMPTY_ITERATOR } from './sample-iterator.js'
export type { SampleIterator } from './sample-iterator.js'
export { STALE_NAN, isStaleNaN } from './stale.js'
export {
  StorageError,
  ERR_OUT_OF_ORDER_SAMPLE,
  ERR_DUPLICATE_SAMPLE_FOR_TIMESTAMP,
  ERR_OUT_OF_BOUNDS,
  ERR_APPENDER_CLOSED,
} from './errors.js'
export { ArraySeriesSet, ErrorSeriesSet } from './series-set.js'
export { labelNamesOf, labelValuesOf } from './label-lookup.js'
export { mergeQueryables, MergeQuerier, MergeSeriesSet } from './merge/merge-querier.js'
export { MergeIterator } from './merge/merge-iterator.js'
export { MemoryStorage } from './memory/memory-storage.js'
export type { MemoryStorageOptions, MemoryStorageStats } from './memory/memory-storage.js'
export { intersectAscending, subtractAscending } from './ascending-sets.js'
