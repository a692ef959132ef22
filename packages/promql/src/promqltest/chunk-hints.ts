import type { NativeHistogram } from '@watchfire/model'
import { detectHistogramReset } from '../engine/kernels/counter-reset.js'
import { boundsMatch } from '../engine/kernels/float-histogram.js'

/**
 * The counter-reset hints histograms read back with from Prometheus's TSDB, which upstream's
 * test scripts observe: the head appender starts a new chunk at a counter reset (explicit or
 * detected) or a bucket-layout change, and a chunk's first histogram reads back as "unknown"
 * (the reader cannot trust a hint across chunk boundaries, prometheus/prometheus#15346) while
 * every later one in a counter chunk reads back as "not a reset". Gauge histograms stay gauges.
 * The in-memory test storage keeps hints as written, so the loader applies these on append.
 */

/** Whether appending `h` after `prev` starts a new chunk. */
function startsChunk(h: NativeHistogram, prev: NativeHistogram): boolean {
  if (h.counterResetHint === 'reset' || h.count < prev.count) return true
  if (h.schema !== prev.schema || h.zeroThreshold !== prev.zeroThreshold) return true
  if (!boundsMatch(h.customValues ?? [], prev.customValues ?? [])) return true
  // Same layout: any bucket going down is a reset; the written hint does not count.
  return detectHistogramReset({ ...h, counterResetHint: 'unknown' }, prev)
}

/** Tracks one series' head chunk while its samples are appended in time order. */
export class ChunkHintTracker {
  private prev: NativeHistogram | undefined

  /** A float sample or stale marker: the next histogram starts a new chunk. */
  float(): void {
    this.prev = undefined
  }

  /** `h` with the hint it reads back with. */
  histogram(h: NativeHistogram): NativeHistogram {
    if (h.counterResetHint === 'gauge') {
      this.prev = undefined
      return h
    }
    const prev = this.prev
    this.prev = h
    const first = prev === undefined || startsChunk(h, prev)
    return { ...h, counterResetHint: first ? 'unknown' : 'not-reset' }
  }
}
