/** Time as the rules engine sees it; tests pass a fake that advances on demand. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  /** Resolves at `timeMs` (at once if already past), or as soon as `signal` aborts. */
  sleepUntil(timeMs: number, signal: AbortSignal): Promise<void>
}

/** The wall clock, with timers. */
export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  sleepUntil(timeMs, signal) {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve()
      const timer = setTimeout(done, Math.max(0, timeMs - Date.now()))
      signal.addEventListener('abort', done, { once: true })
      function done(): void {
        clearTimeout(timer)
        signal.removeEventListener('abort', done)
        resolve()
      }
    })
  },
}
