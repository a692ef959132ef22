import { queryCanceled, queryTimeout, tooManySamples } from './errors.js'

/** How often (wall-clock ms) a long evaluation hands control back to the event loop. */
const YIELD_EVERY_MS = 20
/**
 * `check()` runs once per series in the selection loops; reading the clock every time cost a few
 * percent of rule evaluation, so it reads it every this many calls (the first call included).
 */
const CLOCK_EVERY_CHECKS = 16

/**
 * Per-query budget: the number of samples held at once, a deadline and an AbortSignal. `check()`
 * is cheap enough to call between steps and series; `maybeYield()` lets timers and abort handlers
 * run during long evaluations without awaiting in every iteration.
 */
export class QueryLimits {
  /** Samples currently held by the evaluation (Prometheus's currentSamples). */
  current = 0
  /** The most samples held at once. */
  peak = 0
  private readonly deadline: number
  private lastYield: number
  private checks = 0

  constructor(
    readonly maxSamples: number,
    timeoutMs: number,
    private readonly signal: AbortSignal | undefined,
  ) {
    const now = performance.now()
    this.deadline = now + timeoutMs
    this.lastYield = now
  }

  /** Throws if the query was aborted or ran out of time. */
  check(): void {
    if (this.signal?.aborted === true) throw queryCanceled(this.signal.reason)
    if (this.checks++ % CLOCK_EVERY_CHECKS === 0 && performance.now() > this.deadline) throw queryTimeout()
  }

  /** Accounts `n` more samples held; throws when that exceeds the limit. */
  add(n: number): void {
    this.current += n
    if (this.current > this.peak) this.peak = this.current
    if (this.current > this.maxSamples) throw tooManySamples()
  }

  /** True when the evaluation has run long enough without yielding. */
  shouldYield(): boolean {
    return performance.now() - this.lastYield > YIELD_EVERY_MS
  }

  /** Yields to the event loop (so aborts and timers fire), then re-checks the limits. */
  async yieldNow(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve))
    this.lastYield = performance.now()
    this.checks = 0
    this.check()
  }
}
