/**
 * The delays between delivery attempts: exponential from 500 ms by 1.5×, capped at 60 s, each randomised by
 * ±50% (the original's backoff settings). `random` is injectable for tests.
 */
export function backoffDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(500 * 1.5 ** attempt, 60_000)
  return Math.round(base * (0.5 + random()))
}
