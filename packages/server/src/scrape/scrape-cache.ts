import type { Labels } from '@watchfire/model'

/** What a scrape loop remembers about one exposed series between scrapes. */
export interface CacheEntry {
  /** The series text (or built key) the entry is cached under. */
  key: string
  /** The labels after target labels and metric relabelling; undefined when relabelling drops the series. */
  labels: Labels | undefined
  ref: number
  /** The scrape (by number) that last saw this series. */
  seenIn: number
  /** The scrape that last appended it at the scrape's own time, so it is owed a staleness marker when it goes. */
  stampedIn: number
}

/**
 * A target's series as its scrapes exposed them, like Prometheus's scrapeCache: raw series text to
 * labels and storage reference, plus what staleness tracking needs. It outlives a loop when a reload
 * leaves the job's series unchanged, so the next loop neither rebuilds labels nor loses staleness.
 */
export class ScrapeCache {
  readonly entries = new Map<string, CacheEntry>()
  /**
   * The previous text body's entries in the order it listed them: an exporter usually lists the same
   * series in the same order, so comparing the text in place finds the entry without a string or a hash.
   */
  order: CacheEntry[] = []
  /** Numbers scrapes, so per-series bookkeeping is two integers on the entry rather than per-scrape sets. */
  iteration = 0
  /** The scrape whose series are owed staleness markers when they go; -1 (no scrape) after a failure. Scrapes count from 1. */
  previousIteration = -1

  /** The entries the last successful scrape stamped: the series a failure or the end of the loop marks stale. */
  previousSeries(): CacheEntry[] {
    const out: CacheEntry[] = []
    for (const entry of this.entries.values())
      if (entry.stampedIn === this.previousIteration && entry.labels !== undefined) out.push(entry)
    return out
  }
}
