/**
 * How start timestamps (created timestamps) bear on counters, as Prometheus 3.x reads them: a
 * sample whose start lies after the previous sample began a new count, i.e. the counter reset.
 * All times are ms; a start timestamp of 0 means unknown.
 */

/**
 * Whether the current sample follows a counter reset by its start timestamp. Unknown starts and
 * starts at or after the sample itself (OTel's "unknown start", or invalid) say nothing; a start
 * before the previous sample is the same count going on. A start exactly at the previous sample
 * is a delta sample (a reset) unless the previous sample's start was unknown, which marks a
 * cumulative series whose first start was unknown; a previous start after its own sample is
 * invalid and counts as unknown.
 */
export function isStartTimestampReset(prevST: number, prevT: number, currST: number, currT: number): boolean {
  if (currST === 0 || currST >= currT || currST < prevT) return false
  if (currST > prevT) return true
  if (prevST > prevT) return false
  return prevST !== 0 && prevST !== prevT
}

/**
 * Whether the current sample's start overlaps the previous sample: it starts before the previous
 * sample's time yet not where the previous sample started (neither a delta nor the same count).
 */
export function startTimeOverlaps(prevST: number, prevT: number, currST: number): boolean {
  return currST !== 0 && currST < prevT && currST !== prevST
}
