/** How long rule evaluation may hold the event loop before letting scrapes, HTTP and timers run. */
const DEFAULT_SLICE_MS = 20

/**
 * Hands the event loop back now and then during a long run of work: a group of a thousand rules
 * takes seconds, and scrapes, the HTTP API and other groups share the thread with it. Without it a
 * scrape due meanwhile waits for the whole group and can time out.
 */
export class EventLoopYield {
  private last = performance.now()

  constructor(private readonly sliceMs = DEFAULT_SLICE_MS) {}

  /** Resolves at once while the current slice lasts, else after one turn of the event loop. */
  async maybeYield(): Promise<void> {
    if (performance.now() - this.last < this.sliceMs) return
    await new Promise<void>((resolve) => setImmediate(resolve))
    this.last = performance.now()
  }
}
