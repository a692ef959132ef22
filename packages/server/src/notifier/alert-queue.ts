import type { NotifierAlert } from './notifier-alert.js'

/**
 * The notifier's bounded queue: a ring of `capacity` slots. Pushing into a full queue drops the
 * oldest alerts in favour of the new ones (a newer state of an alert supersedes an older one),
 * and reports how many were dropped so the caller can count them.
 */
export class AlertQueue {
  readonly capacity: number
  private readonly slots: (NotifierAlert | undefined)[]
  private head = 0
  private size = 0

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`cannot create an alert queue of capacity ${capacity} (want an integer ≥ 1)`)
    this.capacity = capacity
    this.slots = new Array<NotifierAlert | undefined>(capacity)
  }

  /** How many alerts wait to be sent. */
  get length(): number {
    return this.size
  }

  /** Appends `alerts` in order; returns how many alerts (queued or new) were dropped to make room. */
  push(alerts: readonly NotifierAlert[]): number {
    let dropped = 0
    let from = 0
    // A batch larger than the whole queue keeps only its newest `capacity` alerts.
    if (alerts.length > this.capacity) {
      from = alerts.length - this.capacity
      dropped += from
    }
    const overflow = this.size + (alerts.length - from) - this.capacity
    if (overflow > 0) {
      this.discard(overflow)
      dropped += overflow
    }
    for (let i = from; i < alerts.length; i++) {
      this.slots[(this.head + this.size) % this.capacity] = alerts[i]
      this.size++
    }
    return dropped
  }

  /** Removes and returns up to `max` of the oldest alerts. */
  take(max: number): NotifierAlert[] {
    const n = Math.min(max, this.size)
    const out = new Array<NotifierAlert>(n)
    for (let i = 0; i < n; i++) out[i] = this.slots[(this.head + i) % this.capacity] as NotifierAlert
    this.discard(n)
    return out
  }

  /** Empties the queue; returns how many alerts it held. */
  clear(): number {
    const n = this.size
    this.discard(n)
    return n
  }

  private discard(n: number): void {
    for (let i = 0; i < n; i++) this.slots[(this.head + i) % this.capacity] = undefined
    this.head = (this.head + n) % this.capacity
    this.size -= n
  }
}
