import { readdirSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Labels, NativeHistogram } from '@watchfire/model'
import type { Interval } from '../block/tombstones.js'
import { ByteWriter } from '../encoding/byte-writer.js'
import { replayWal } from './wal-reader.js'
import {
  decodeRecord,
  encodeHistogramSamplesRecord,
  encodeSamplesRecord,
  encodeSeriesRecord,
  encodeTombstonesRecord,
} from './wal-records.js'
import {
  decodeExemplarsRecord,
  encodeExemplarsRecord,
  EXEMPLARS_RECORD_TYPE,
  type RefExemplar,
} from '../exemplars/exemplar-record.js'
import { listWalSegments, syncDir } from './wal-dir.js'
import { WalWriter } from './wal-writer.js'
import { walSegmentName } from './wal-format.js'

const CHECKPOINT_PREFIX = 'checkpoint.'
const SAMPLES_PER_RECORD = 10_000

/** The newest complete checkpoint in a WAL directory: its path and the last segment it covers. */
export function lastCheckpoint(walDir: string): { dir: string; index: number } | undefined {
  let best: { dir: string; index: number } | undefined
  for (const name of safeReaddir(walDir)) {
    const m = /^checkpoint\.(\d{8})$/.exec(name)
    if (m === null) continue
    const index = Number(m[1])
    if (best === undefined || index > best.index) best = { dir: join(walDir, name), index }
  }
  return best
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw err
  }
}

/** What a checkpoint keeps. */
export interface CheckpointFilter {
  /** True for series still in the head. */
  keepSeries(ref: number): boolean
  /** Samples older than this are in blocks now. */
  mint: number
}

/**
 * Condenses the previous checkpoint and WAL segments up to `upTo` into `checkpoint.<upTo>`
 * (Prometheus's wlog.Checkpoint): series records of live series, samples at or after `mint`,
 * tombstones still in range, exemplars at or after `mint` of live series. Written under a
 * temporary name, fsynced and renamed, after which the covered segments and older checkpoints are
 * deleted (older checkpoints not with `keepOlderCheckpoints`: the caller deletes them with
 * {@link deleteCheckpointsBefore}). Replay then starts from the checkpoint.
 */
export function writeCheckpoint(
  walDir: string,
  upTo: number,
  filter: CheckpointFilter,
  keepOlderCheckpoints = false,
): void {
  const prev = lastCheckpoint(walDir)
  const series: { ref: number; labels: Labels }[] = []
  const refs: number[] = []
  const ts: number[] = []
  let vs = new Float64Array(1024)
  const hists: { ref: number; t: number; h: NativeHistogram }[] = []
  const stones: { ref: number; interval: Interval }[] = []
  const exemplars: RefExemplar[] = []
  const visitor = {
    series(ref: number, labels: Labels): void {
      if (filter.keepSeries(ref)) series.push({ ref, labels })
    },
    sample(ref: number, t: number, v: Float64Array): void {
      if (t < filter.mint || !filter.keepSeries(ref)) return
      if (refs.length === vs.length) {
        const grown = new Float64Array(vs.length * 2)
        grown.set(vs)
        vs = grown
      }
      vs[refs.length] = v[0] as number
      refs.push(ref)
      ts.push(t)
    },
    histogram(ref: number, t: number, h: NativeHistogram): void {
      if (t >= filter.mint && filter.keepSeries(ref)) hists.push({ ref, t, h })
    },
    tombstone(ref: number, interval: Interval): void {
      if (interval.maxT >= filter.mint && filter.keepSeries(ref)) stones.push({ ref, interval })
    },
  }
  const feed = (rec: Uint8Array): void => {
    if (rec[0] !== EXEMPLARS_RECORD_TYPE) decodeRecord(rec, visitor)
    else
      for (const e of decodeExemplarsRecord(rec))
        if (e.timestampMs >= filter.mint && filter.keepSeries(e.ref)) exemplars.push(e)
  }
  if (prev !== undefined) replayWal(prev.dir, 0, Infinity, feed)
  replayWal(walDir, prev === undefined ? 0 : prev.index + 1, upTo, feed)
  const records: Uint8Array[] = []
  const w = new ByteWriter(1 << 16)
  const emit = (): void => {
    records.push(Buffer.from(w.view()))
    w.reset()
  }
  for (let i = 0; i < series.length; i += SAMPLES_PER_RECORD) {
    encodeSeriesRecord(w, series.slice(i, i + SAMPLES_PER_RECORD))
    emit()
  }
  for (let i = 0; i < refs.length; i += SAMPLES_PER_RECORD) {
    encodeSamplesRecord(w, refs, ts, vs, i, Math.min(refs.length, i + SAMPLES_PER_RECORD))
    emit()
  }
  for (let i = 0; i < hists.length; i += SAMPLES_PER_RECORD) {
    encodeHistogramSamplesRecord(w, hists.slice(i, i + SAMPLES_PER_RECORD))
    emit()
  }
  for (let i = 0; i < exemplars.length; i += SAMPLES_PER_RECORD) {
    encodeExemplarsRecord(w, exemplars.slice(i, i + SAMPLES_PER_RECORD))
    emit()
  }
  if (stones.length > 0) {
    encodeTombstonesRecord(w, stones)
    emit()
  }
  const name = `${CHECKPOINT_PREFIX}${walSegmentName(upTo)}`
  const tmp = join(walDir, `${name}.tmp`)
  rmSync(tmp, { recursive: true, force: true })
  const writer = WalWriter.open(tmp, { fsyncIntervalMs: 0 })
  if (records.length > 0) writer.log(records)
  writer.close()
  renameSync(tmp, join(walDir, name))
  syncDir(walDir)
  for (const seg of listWalSegments(walDir)) if (seg <= upTo) rmSync(join(walDir, walSegmentName(seg)))
  if (!keepOlderCheckpoints) deleteCheckpointsBefore(walDir, upTo)
}

/** Deletes the checkpoints (and leftover temporary ones) other than `checkpoint.<upTo>`, Prometheus's DeleteCheckpoints. */
export function deleteCheckpointsBefore(walDir: string, upTo: number): void {
  const keep = `${CHECKPOINT_PREFIX}${walSegmentName(upTo)}`
  for (const entry of safeReaddir(walDir)) {
    if (entry.startsWith(CHECKPOINT_PREFIX) && entry !== keep)
      rmSync(join(walDir, entry), { recursive: true, force: true })
  }
}
