import { Labels, type Exemplar, type LabelRecord, type Matcher } from '@watchfire/model'

/** One stored exemplar: its labels, value and timestamp (ms). */
export interface StoredExemplar {
  labels: LabelRecord
  value: number
  timestampMs: number
}

/** The exemplars of one series in a queried range, oldest first. */
export interface ExemplarQueryResult {
  seriesLabels: Labels
  exemplars: StoredExemplar[]
}

/** Why an exemplar was not stored; undefined means it was. */
export type ExemplarVerdict = 'duplicate' | 'out-of-order' | 'too-long' | 'disabled' | undefined

/** Counters and gauges named after Prometheus's prometheus_tsdb_exemplar_* metrics. */
export interface ExemplarStats {
  /** prometheus_tsdb_exemplar_exemplars_appended_total */
  exemplarsAppended: number
  /** prometheus_tsdb_exemplar_exemplars_in_storage */
  exemplarsInStorage: number
  /** prometheus_tsdb_exemplar_series_with_exemplars_in_storage */
  seriesWithExemplarsInStorage: number
  /** prometheus_tsdb_exemplar_max_exemplars */
  maxExemplars: number
  /** prometheus_tsdb_exemplar_last_exemplars_timestamp_seconds: the oldest exemplar still held (s). */
  lastExemplarsTimestampSeconds: number
  /** prometheus_tsdb_exemplar_out_of_order_exemplars_total */
  outOfOrderExemplars: number
}

/** Exemplar labels (names and values together) may hold at most this many characters (OpenMetrics). */
export const MAX_EXEMPLAR_LABEL_CHARS = 128

const NONE = -1

/** A ring slot; `next` chains the slots of one series oldest to newest. */
interface Slot {
  exemplar: StoredExemplar
  series: SeriesIndex
  next: number
}

interface SeriesIndex {
  labels: Labels
  oldest: number
  newest: number
}

function labelChars(labels: LabelRecord): number {
  let n = 0
  for (const name in labels) n += [...name].length + [...(labels[name] as string)].length
  return n
}

function sameExemplar(a: StoredExemplar, b: Exemplar): boolean {
  if (a.timestampMs !== b.timestampMs || !Object.is(a.value, b.value)) return false
  const an = Object.keys(a.labels)
  const bn = Object.keys(b.labels)
  if (an.length !== bn.length) return false
  for (const name of an) if (a.labels[name] !== b.labels[name]) return false
  return true
}

/**
 * Prometheus's circular exemplar storage: a fixed-size ring of the newest exemplars across all
 * series, each series' entries chained oldest to newest so a query walks only its own. When the
 * ring is full the oldest exemplar (of whichever series) is overwritten. A series only takes
 * exemplars newer than its newest one; repeating that newest one is ignored. Capacity 0 disables
 * storage. Not thread-safe, like the head: callers append from synchronous commit code.
 */
export class ExemplarStorage {
  private slots: (Slot | undefined)[] = []
  private nextIndex = 0
  private readonly index = new Map<string, SeriesIndex>()
  private appended = 0
  private outOfOrder = 0

  /** A ring holding at most `maxExemplars` exemplars (0 stores none). */
  constructor(maxExemplars: number) {
    this.resize(maxExemplars)
  }

  /** The ring's capacity. */
  get maxExemplars(): number {
    return this.slots.length
  }

  /** Checks `e` against the series' newest exemplar without storing it. */
  validate(seriesLabels: Labels, e: Exemplar): ExemplarVerdict {
    if (this.slots.length === 0) return 'disabled'
    if (labelChars(e.labels) > MAX_EXEMPLAR_LABEL_CHARS) return 'too-long'
    const idx = this.index.get(seriesLabels.toString())
    if (idx === undefined) return undefined
    const newest = (this.slots[idx.newest] as Slot).exemplar
    if (sameExemplar(newest, e)) return 'duplicate'
    if ((e.timestampMs ?? 0) <= newest.timestampMs) return 'out-of-order'
    return undefined
  }

  /** Counts an exemplar an appender refused as out of order before storing it. */
  countOutOfOrder(): void {
    this.outOfOrder++
  }

  /** Stores `e` (which must carry a timestamp) for the series; out-of-order ones are counted. */
  add(seriesLabels: Labels, e: Exemplar): ExemplarVerdict {
    if (e.timestampMs === undefined) return 'out-of-order'
    const verdict = this.validate(seriesLabels, e)
    if (verdict === 'out-of-order') this.outOfOrder++
    if (verdict !== undefined) return verdict
    const key = seriesLabels.toString()
    const exemplar: StoredExemplar = { labels: e.labels, value: e.value, timestampMs: e.timestampMs }
    const at = this.nextIndex
    this.evict(at)
    let series = this.index.get(key)
    if (series === undefined) {
      series = { labels: seriesLabels, oldest: at, newest: at }
      this.index.set(key, series)
    } else {
      ;(this.slots[series.newest] as Slot).next = at
      series.newest = at
    }
    this.slots[at] = { exemplar, series, next: NONE }
    this.nextIndex = (at + 1) % this.slots.length
    this.appended++
    return undefined
  }

  /** Frees slot `at` for reuse, unlinking the exemplar it holds from its series. */
  private evict(at: number): void {
    const old = this.slots[at]
    if (old === undefined) return
    const series = old.series
    if (old.next === NONE) this.index.delete(series.labels.toString())
    else series.oldest = old.next
    this.slots[at] = undefined
  }

  /**
   * The exemplars in [startMs, endMs] of series matching any of the matcher sets, one result per
   * series, sorted by series labels (as Prometheus's API returns them).
   */
  select(
    startMs: number,
    endMs: number,
    matcherSets: readonly (readonly Matcher[])[],
  ): ExemplarQueryResult[] {
    const out: ExemplarQueryResult[] = []
    for (const series of this.index.values()) {
      const oldest = this.slots[series.oldest] as Slot
      const newest = this.slots[series.newest] as Slot
      if (oldest.exemplar.timestampMs > endMs || newest.exemplar.timestampMs < startMs) continue
      if (!matcherSets.some((ms) => ms.every((m) => m.matches(series.labels.get(m.name))))) continue
      const exemplars: StoredExemplar[] = []
      for (let slot: Slot | undefined = oldest; slot !== undefined;) {
        const t = slot.exemplar.timestampMs
        if (t > endMs) break
        if (t >= startMs) exemplars.push(slot.exemplar)
        slot = slot.next === NONE ? undefined : this.slots[slot.next]
      }
      if (exemplars.length > 0) out.push({ seriesLabels: series.labels, exemplars })
    }
    return out.sort((a, b) => Labels.compare(a.seriesLabels, b.seriesLabels))
  }

  /**
   * Changes the capacity (a config reload), keeping the newest exemplars that still fit, as
   * Prometheus's Resize does. 0 empties and disables the storage.
   */
  resize(maxExemplars: number): void {
    const capacity = Math.max(0, Math.floor(maxExemplars))
    if (capacity === this.slots.length) return
    const kept: Slot[] = []
    const n = this.slots.length
    // Walk oldest to newest: the ring's oldest slot is the one to be written next.
    for (let i = 0; i < n; i++) {
      const slot = this.slots[(this.nextIndex + i) % n]
      if (slot !== undefined) kept.push(slot)
    }
    this.slots = new Array<Slot | undefined>(capacity).fill(undefined)
    this.index.clear()
    this.nextIndex = 0
    if (capacity === 0) return
    const appended = this.appended
    const outOfOrder = this.outOfOrder
    for (const slot of kept.slice(Math.max(0, kept.length - capacity)))
      this.add(slot.series.labels, slot.exemplar)
    this.appended = appended
    this.outOfOrder = outOfOrder
  }

  /** Current counters. */
  stats(): ExemplarStats {
    let stored = 0
    let oldestMs: number | undefined
    for (const slot of this.slots) {
      if (slot === undefined) continue
      stored++
      if (oldestMs === undefined || slot.exemplar.timestampMs < oldestMs) oldestMs = slot.exemplar.timestampMs
    }
    return {
      exemplarsAppended: this.appended,
      exemplarsInStorage: stored,
      seriesWithExemplarsInStorage: this.index.size,
      maxExemplars: this.slots.length,
      lastExemplarsTimestampSeconds: oldestMs === undefined ? 0 : oldestMs / 1000,
      outOfOrderExemplars: this.outOfOrder,
    }
  }
}
