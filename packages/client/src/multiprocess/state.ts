import type { GaugeMultiprocessMode } from '../gauge.js'

/** How one metric is merged: a gauge mode, or prom-client's `omit` / `average` where no Python mode fits. */
export type MergeMode = GaugeMultiprocessMode | 'omit' | 'liveaverage'

/** A number as stored in JSON: non-finite values are spelled as strings, since JSON has no NaN or Inf. */
export type StoredNumber = number | 'NaN' | '+Inf' | '-Inf'

/** Who owns a slot: liveness is `kill(pid, 0)` plus the process start token, so a reused pid is not mistaken. */
export interface Owner {
  pid: number
  /** The owner process's start time from /proc (empty where /proc is missing: pid-only check). */
  startToken: string
  /** 0 for a process's main thread; the worker_threads id otherwise. */
  threadId: number
}

/** One series' state, with label values in the metric's declared order (`null` for a label left out). */
export interface SeriesState {
  l: Array<string | null>
  /** Counter or gauge value. */
  v?: StoredNumber
  /** Gauges: when the value last changed, in ms (for the mostrecent modes). */
  t?: number
  /** Gauges in mode `all`, folded into the archive: the pid of the dead worker. */
  p?: number
  /** Histograms: per-bucket (not cumulative) counts, `+Inf` last. */
  b?: number[]
  /** Histogram or summary sum. */
  s?: StoredNumber
  /** Histogram or summary count. */
  c?: number
  /** Summaries of live workers: the window's values and weights, merged into one quantile estimate. */
  q?: [number[], number[]]
  /** Created timestamp, ms. */
  cr?: number
}

/** One metric's metadata and series. */
export interface MetricState {
  name: string
  help: string
  type: 'counter' | 'gauge' | 'histogram' | 'summary'
  unit: string
  labelNames: string[]
  mode: MergeMode | 'sum'
  /** Histograms: classic upper bounds without `+Inf`. */
  bounds?: number[]
  /** Summaries: the exposed quantiles. */
  percentiles?: number[]
  series: SeriesState[]
}

/** A worker's slot file: its whole state as of its last flush. */
export interface SlotFile {
  kind: 'slot'
  slot: number
  /** Unique per claim: the archive records which incarnations it folded, so none is folded twice. */
  incarnation: string
  owner: Owner
  flushedMs: number
  /** The last removal (tombstone sequence number) this state already reflects. */
  appliedSeq: number
  /** Set by the final flush at exit: the slot may be folded at once. */
  exited: boolean
  metrics: MetricState[]
}

/** The archive: totals carried over from workers that are gone. */
export interface ArchiveFile {
  kind: 'archive'
  /** Per slot, the last few incarnations already folded in (bounded; checked before every fold). */
  folded: Record<string, string[]>
  appliedSeq: number
  metrics: MetricState[]
}

/** One cross-process removal: a label set, or every series of the metric (`labels: null`, from reset()). */
export interface Tombstone {
  seq: number
  metric: string
  labels: Array<string | null> | null
  /** The incarnation that removed it: it already applied the removal itself. */
  author: string
}

/** The removals not yet applied everywhere. */
export interface TombstoneFile {
  kind: 'tombstones'
  nextSeq: number
  entries: Tombstone[]
}

/** Encodes a number for JSON. */
export function storeNumber(n: number): StoredNumber {
  if (Number.isFinite(n)) return n
  return n !== n ? 'NaN' : n > 0 ? '+Inf' : '-Inf'
}

/** Decodes a stored number; anything else reads as NaN. */
export function loadNumber(n: unknown): number {
  if (typeof n === 'number') return n
  if (n === '+Inf') return Infinity
  if (n === '-Inf') return -Infinity
  return NaN
}

/** The identity of a series within its metric. */
export function seriesKey(s: SeriesState): string {
  return s.p === undefined ? JSON.stringify(s.l) : `${JSON.stringify(s.l)}#${s.p}`
}
