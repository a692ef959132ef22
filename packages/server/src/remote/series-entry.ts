import type { LabelRecord, Labels } from '@watchfire/model'
import { encodeLabels } from './write-request.js'

/**
 * A WAL series as one remote-write queue sends it: its labels after external labels and
 * write_relabel_configs, encoded once. Mutable fields are bookkeeping of the queue that owns it
 * (single-threaded; never shared between queues).
 */
export class SeriesEntry {
  /** The encoded `Label` fields, copied into every request (empty for a dropped series). */
  readonly labelBytes: Uint8Array
  /** write_relabel_configs dropped the series: its samples are counted as dropped, not sent. */
  readonly dropped: boolean
  /** Picks the shard: a series always goes to the same shard, so its samples leave in order. */
  readonly hash: number
  /** The newest WAL segment (or checkpoint index) that mentioned the series; older ones are collected. */
  segment: number
  /** Samples at or before this timestamp were sent before a restart (see SendTracker). */
  skipUntilT = -Infinity
  /** The newest timestamp delivered since the last persisted position, and the record holding it. */
  sentT = -Infinity
  sentSeq = -1
  /**
   * Exemplars read from the WAL (send_exemplars) waiting to ride along with the series' next sent
   * batch, oldest first; undefined when none.
   */
  exemplars: { labels: LabelRecord; value: number; timestampMs: number }[] | undefined
  /** Scratch for grouping a batch by series (see Shard). */
  batchStamp = 0
  batchSlot = 0

  constructor(
    readonly ref: number,
    /** The labels as sent, or undefined when relabelling dropped the series. */
    readonly labels: Labels | undefined,
    segment: number,
  ) {
    this.dropped = labels === undefined
    this.labelBytes = labels === undefined ? new Uint8Array(0) : encodeLabels(labels)
    this.hash = labels === undefined ? 0 : labels.hash() >>> 0
    this.segment = segment
  }
}
