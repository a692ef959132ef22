/**
 * Waits `ms`, or less when `signal` aborts; never rejects. The abort listener is removed when the
 * wait ends either way, so a long-lived signal shared by many waits (a queue's stop signal through
 * thousands of retries in an outage) never piles up listeners.
 */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const done = (): void => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done)
  })
}
