/** A cancellable pending callback from a {@link Clock}. */
export interface TimerHandle {
  cancel(): void
}

/** Time and timers, injectable so tests drive group_wait/group_interval/repeat_interval without sleeping. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  /** Runs `fn` after `delayMs` (0 = as soon as possible). */
  setTimer(fn: () => void, delayMs: number): TimerHandle
}

/** The wall clock with Node's timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, delayMs) {
    // setTimeout never fires in under 1 ms; group_wait 0s and "flush now" must not wait for it.
    if (delayMs <= 0) {
      const i = setImmediate(fn)
      i.unref()
      return { cancel: () => clearImmediate(i) }
    }
    const t = setTimeout(fn, delayMs)
    t.unref?.()
    return { cancel: () => clearTimeout(t) }
  },
}

interface Pending {
  atMs: number
  seq: number
  fn: () => void
  cancelled: boolean
}

/** A clock that only moves when told to; `advance` fires due timers in time order. */
export class FakeClock implements Clock {
  private t: number
  private seq = 0
  private pending: Pending[] = []

  constructor(startMs = Date.UTC(2024, 0, 1)) {
    this.t = startMs
  }

  now(): number {
    return this.t
  }

  setTimer(fn: () => void, delayMs: number): TimerHandle {
    const p: Pending = { atMs: this.t + Math.max(0, delayMs), seq: this.seq++, fn, cancelled: false }
    this.pending.push(p)
    return { cancel: () => (p.cancelled = true) }
  }

  /** Moves time forward by `ms`, firing timers as their time comes and letting promises settle in between. */
  async advance(ms: number): Promise<void> {
    const target = this.t + ms
    for (;;) {
      await settle()
      this.pending = this.pending.filter((p) => !p.cancelled)
      this.pending.sort((a, b) => a.atMs - b.atMs || a.seq - b.seq)
      const next = this.pending[0]
      if (next === undefined || next.atMs > target) break
      this.pending.shift()
      this.t = Math.max(this.t, next.atMs)
      next.fn()
    }
    this.t = target
    await settle()
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((r) => setImmediate(r))
}
