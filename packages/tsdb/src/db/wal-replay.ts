import type { Labels, NativeHistogram } from '@watchfire/model'
import type { Interval } from '../block/tombstones.js'
import type { Head } from '../head/head.js'
import type { HeadSeries } from '../head/head-series.js'
import { lastCheckpoint } from '../wal/checkpoint.js'
import { replayWal, type WalCorruption } from '../wal/wal-reader.js'
import { decodeRecord } from '../wal/wal-records.js'
import { replayExemplarsRecord } from '../exemplars/exemplar-replay.js'
import type { ExemplarStorage } from '../exemplars/exemplar-storage.js'

/** Full chunks found in the head chunk files, to re-attach to their series as the WAL names them. */
export interface MappedChunks {
  /** Per WAL series ref, chunk records oldest first (see HeadSeries.attachChunks). */
  bySeries: Map<number, number[]>
  /**
   * Skip WAL samples at or before a series' newest re-attached chunk, as Prometheus does. Off after
   * a repair: a lost rewrite of an older chunk (an out-of-order insert) may be older than a chunk
   * that survived, so every sample is then judged against the chunks instead.
   */
  skipReplayed: boolean
}

/** What replaying found. */
export interface ReplayResult {
  /** Records applied. */
  records: number
  /** Problems repaired (a torn tail, a bad checksum), in the checkpoint or the segments. */
  corruptions: WalCorruption[]
}

/**
 * Rebuilds the head from the newest checkpoint and the WAL segments after it. Series keep the refs
 * the WAL gave them; a label set recorded twice under different refs maps both to one series.
 * Samples the head refuses (older than the blocks, or repeated by a checkpoint) are skipped.
 * Exemplars records go to `exemplars` when given. Chunks from the head chunk files (`mapped`) are
 * attached to their series when its series record is read, and only later samples are replayed.
 */
export function replayIntoHead(
  head: Head,
  walDir: string,
  exemplars?: ExemplarStorage,
  mapped?: MappedChunks,
): ReplayResult {
  const byWalRef = new Map<number, HeadSeries>()
  let records = 0
  const corruptions: WalCorruption[] = []
  const find = (ref: number): HeadSeries | undefined => byWalRef.get(ref) ?? head.series(ref)
  // Per head series ref, the newest time its re-attached chunks hold: older samples are not replayed.
  const skipUpTo = new Map<number, number>()
  const attached: HeadSeries[] = []
  let walMinT = Infinity
  const visitor = {
    series(ref: number, labels: Labels): void {
      const s = head.getOrCreate(labels, ref)
      s.walLogged = true
      byWalRef.set(ref, s)
      const recs = mapped?.bySeries.get(ref)
      if (recs === undefined || mapped === undefined) return
      mapped.bySeries.delete(ref)
      head.attachChunks(s, recs)
      attached.push(s)
      if (mapped.skipReplayed) skipUpTo.set(s.ref, s.lastT)
    },
    sample(ref: number, t: number, vs: Float64Array): void {
      const s = find(ref)
      if (s === undefined || t < head.minValidTime) return
      if (t < walMinT) walMinT = t
      if (skipUpTo.size > 0 && t <= (skipUpTo.get(s.ref) ?? -Infinity)) return
      const v = vs[0] as number
      if (head.checkFloat(s, t, v) === undefined) head.commitFloat(s, t, v)
    },
    histogram(ref: number, t: number, h: NativeHistogram): void {
      const s = find(ref)
      if (s === undefined || t < head.minValidTime) return
      if (t < walMinT) walMinT = t
      if (skipUpTo.size > 0 && t <= (skipUpTo.get(s.ref) ?? -Infinity)) return
      if (head.checkHistogram(s, t, h) === undefined) head.commitHistogram(s, t, h)
    },
    tombstone(ref: number, interval: Interval): void {
      const s = find(ref)
      if (s !== undefined) head.addTombstone(s.ref, interval)
    },
  }
  const onRecord = (rec: Uint8Array): void => {
    try {
      if (exemplars !== undefined && replayExemplarsRecord(rec, find, exemplars)) records++
      else if (decodeRecord(rec, visitor)) records++
    } catch (err) {
      // A record that passed its CRC but does not decode: written by something we do not understand.
      corruptions.push({ segment: -1, offset: -1, reason: `undecodable record: ${(err as Error).message}` })
    }
  }
  const cp = lastCheckpoint(walDir)
  if (cp !== undefined) {
    const bad = replayWal(cp.dir, 0, Infinity, onRecord)
    if (bad !== undefined) corruptions.push(bad)
  }
  const bad = replayWal(walDir, cp === undefined ? 0 : cp.index + 1, Infinity, onRecord)
  if (bad !== undefined) corruptions.push(bad)
  for (const s of attached) {
    // Every head sample is in the WAL (a checkpoint keeps what is newer than the last truncation),
    // so chunks older than its oldest sample were truncated before the restart: a file holding newer
    // chunks too survived, or the block they went into was refused at open.
    if (s.minTime < walMinT) head.truncateSeries(s, walMinT)
    if (s.samples > 0) head.noteRange(s.minTime, s.lastT)
    s.restoreNewest(head.store)
  }
  return { records, corruptions }
}
