import type { Clock } from './clock.js'

interface Sleeper {
  atMs: number
  resolve: () => void
}

/** A clock that only moves when a test advances it; sleepers wake in time order. */
export class FakeClock implements Clock {
  private sleepers: Sleeper[] = []

  constructor(private t: number) {}

  now(): number {
    return this.t
  }

  sleepUntil(timeMs: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (timeMs <= this.t || signal.aborted) return resolve()
      const onAbort = (): void => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper)
        resolve()
      }
      const sleeper = {
        atMs: timeMs,
        resolve: () => {
          signal.removeEventListener('abort', onAbort)
          resolve()
        },
      }
      this.sleepers.push(sleeper)
      signal.addEventListener('abort', onAbort, { once: true })
    })
  }

  /** Moves to `timeMs`, waking every sleeper due on the way and letting it run until it sleeps again. */
  async advanceTo(timeMs: number): Promise<void> {
    await settle()
    for (;;) {
      this.sleepers.sort((a, b) => a.atMs - b.atMs)
      const next = this.sleepers[0]
      if (next === undefined || next.atMs > timeMs) break
      this.sleepers.shift()
      this.t = Math.max(this.t, next.atMs)
      next.resolve()
      await settle()
    }
    this.t = timeMs
  }
}

/** Lets every pending promise chain (no real I/O involved) run to its next sleep. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve))
}
