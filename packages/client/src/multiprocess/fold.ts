import { incompatibility } from './compatible.js'
import { dropRemoved } from './tombstone-filter.js'
import { loadNumber, seriesKey, storeNumber } from './state.js'
import type { ArchiveFile, MetricState, SeriesState, SlotFile, Tombstone } from './state.js'

/** How many incarnations per slot the archive remembers as folded; more than can cycle during one scrape. */
const FOLDED_MEMORY = 8
/** Mode `all` keeps dead workers' gauges; only the most recent ones, so the archive stays bounded. */
export const ALL_MODE_DEAD_LIMIT = 64

/** An empty archive. */
export function emptyArchive(appliedSeq: number): ArchiveFile {
  return { kind: 'archive', folded: {}, appliedSeq, metrics: [] }
}

/** Whether the archive already holds the state of this slot incarnation. */
export function isFolded(archive: ArchiveFile, slot: number, incarnation: string): boolean {
  return archive.folded[String(slot)]?.includes(incarnation) === true
}

/**
 * Carries a gone worker's state over into the archive (in place), exactly once per incarnation: counters,
 * histograms and summaries' count and sum are added, gauges per their mode (live modes drop them). Metrics
 * that no longer fit the archive's definition are reported and left out.
 */
export function foldSlot(
  archive: ArchiveFile,
  slot: SlotFile,
  tombstones: readonly Tombstone[],
  report: (message: string) => void,
): void {
  if (isFolded(archive, slot.slot, slot.incarnation)) return
  dropRemoved(slot.metrics, tombstones, slot.appliedSeq, slot.incarnation)
  for (const m of slot.metrics) {
    let target = archive.metrics.find((a) => a.name === m.name)
    if (target === undefined) {
      target = { ...m, series: [] }
      archive.metrics.push(target)
    } else {
      const why = incompatibility(target, m)
      if (why !== undefined) {
        report(`cannot carry metric ${m.name} of pid ${slot.owner.pid} over (${why})`)
        continue
      }
    }
    foldMetric(target, m, slot.owner.pid)
  }
  const list = (archive.folded[String(slot.slot)] ??= [])
  list.push(slot.incarnation)
  if (list.length > FOLDED_MEMORY) list.splice(0, list.length - FOLDED_MEMORY)
}

function foldMetric(target: MetricState, source: MetricState, pid: number): void {
  const mode = source.mode
  if (source.type === 'gauge' && (mode.startsWith('live') || mode === 'omit')) return
  const index = new Map<string, SeriesState>()
  for (const s of target.series) index.set(seriesKey(s), s)
  for (const s of source.series) {
    const incoming: SeriesState = source.type === 'gauge' && mode === 'all' ? { ...s, p: pid } : s
    const key = seriesKey(incoming)
    const existing = index.get(key)
    if (existing === undefined) {
      const copy: SeriesState = { ...incoming }
      delete copy.q
      target.series.push(copy)
      index.set(key, copy)
    } else {
      combine(existing, incoming, source.type, mode)
    }
  }
  if (source.type === 'gauge' && mode === 'all') {
    const dead = target.series.filter((s) => s.p !== undefined)
    if (dead.length > ALL_MODE_DEAD_LIMIT) {
      dead.sort((a, b) => (b.t ?? 0) - (a.t ?? 0))
      const keep = new Set(dead.slice(0, ALL_MODE_DEAD_LIMIT))
      target.series = target.series.filter((s) => s.p === undefined || keep.has(s))
    }
  }
}

function combine(into: SeriesState, from: SeriesState, type: MetricState['type'], mode: string): void {
  if (from.cr !== undefined) into.cr = into.cr === undefined ? from.cr : Math.min(into.cr, from.cr)
  if (type === 'gauge') {
    const a = loadNumber(into.v)
    const b = loadNumber(from.v)
    if (mode === 'sum') into.v = storeNumber(a + b)
    else if (mode === 'min') into.v = storeNumber(Math.min(a, b))
    else if (mode === 'max') into.v = storeNumber(Math.max(a, b))
    else if ((from.t ?? 0) >= (into.t ?? 0)) {
      into.v = from.v
      into.t = from.t
    }
    return
  }
  if (type === 'counter') {
    into.v = storeNumber(loadNumber(into.v) + loadNumber(from.v))
    return
  }
  into.s = storeNumber(loadNumber(into.s) + loadNumber(from.s))
  into.c = (into.c ?? 0) + (from.c ?? 0)
  if (type === 'histogram' && from.b !== undefined) {
    const b = (into.b ??= new Array<number>(from.b.length).fill(0))
    for (let i = 0; i < from.b.length; i++) b[i] = (b[i] ?? 0) + (from.b[i] ?? 0)
  }
}
