import { WatchfireError } from '@watchfire/model'

/** An error raised by a store; match on `code`. */
export class StorageError extends WatchfireError {}

/**
 * Hot-path rejections are shared, pre-built instances: appending millions of bad samples must not
 * capture millions of stack traces. Compare by identity (`err === ERR_OUT_OF_ORDER_SAMPLE`) or by
 * `code`; never mutate them.
 */

/** A sample older than the newest committed sample of its series. */
export const ERR_OUT_OF_ORDER_SAMPLE: StorageError = new StorageError(
  'ERR_OUT_OF_ORDER_SAMPLE',
  'cannot append sample (out of order)',
)

/** A sample at an existing timestamp of its series but with a different value. */
export const ERR_DUPLICATE_SAMPLE_FOR_TIMESTAMP: StorageError = new StorageError(
  'ERR_DUPLICATE_SAMPLE_FOR_TIMESTAMP',
  'cannot append sample (duplicate sample for timestamp)',
)

/** A sample whose timestamp the store cannot hold (not an integer, or before the store's valid range). */
export const ERR_OUT_OF_BOUNDS: StorageError = new StorageError(
  'ERR_OUT_OF_BOUNDS',
  'cannot append sample (out of bounds)',
)

/** An appender used after commit() or rollback(). */
export const ERR_APPENDER_CLOSED: StorageError = new StorageError(
  'ERR_APPENDER_CLOSED',
  'cannot use appender (already committed or rolled back)',
)
