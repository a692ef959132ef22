/** A place in the WAL: a segment index and a byte offset in it (a record boundary). */
export interface WalPosition {
  segment: number
  offset: number
}

/**
 * Follows which WAL records a queue has finished with, so the position it persists never skips an
 * unsent sample. Every record read gets a sequence number and a count of samples handed to the
 * shards; a sample is finished once it was delivered or given up on (a non-retryable error). The
 * committed position is the end of the last record that is finished along with all before it.
 *
 * Shards finish out of order, so records after the committed one may be partly delivered: the
 * owner persists, per series, the newest timestamp delivered from those records (SeriesEntry.sentT
 * with sentSeq > committedSeq), and skips those samples when it resumes. A series lives on one
 * shard and a shard sends in order, so what was delivered of a series is always a prefix.
 */
export class SendTracker {
  private segments: number[] = []
  private ends: number[] = []
  private remaining: number[] = []
  private head = 0
  private base = 0
  private position: WalPosition
  private seqCommitted = -1

  constructor(start: WalPosition) {
    this.position = { ...start }
  }

  /** The end of the last record finished along with every earlier one. */
  get committed(): WalPosition {
    return this.position
  }

  /** Sequence number of that record (-1 before any). */
  get committedSeq(): number {
    return this.seqCommitted
  }

  /** Records read but not finished. */
  get open(): number {
    return this.segments.length - this.head
  }

  /** Registers a record ending at `end` in `segment` with `samples` samples queued; returns its sequence number. */
  register(segment: number, end: number, samples: number): number {
    const seq = this.base + this.segments.length
    this.segments.push(segment)
    this.ends.push(end)
    this.remaining.push(samples)
    if (samples === 0) this.advance()
    return seq
  }

  /** One sample of record `seq` is finished. */
  finish(seq: number): void {
    const i = seq - this.base
    const left = (this.remaining[i] as number) - 1
    this.remaining[i] = left
    if (left === 0 && i === this.head) this.advance()
  }

  private advance(): void {
    const { segments, ends, remaining } = this
    let h = this.head
    while (h < segments.length && remaining[h] === 0) h++
    if (h === this.head) return
    this.position = { segment: segments[h - 1] as number, offset: ends[h - 1] as number }
    this.seqCommitted = this.base + h - 1
    this.head = h
    if (h >= 1024 && h * 2 >= segments.length) {
      this.segments = segments.slice(h)
      this.ends = ends.slice(h)
      this.remaining = remaining.slice(h)
      this.base += h
      this.head = 0
    }
  }
}
