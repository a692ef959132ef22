import { WatchfireError } from '@watchfire/model'
import { hangLimitMs } from './budget.js'

/** An error class a parser documents for bad input (matched with `instanceof`). */
export type ErrorClass = abstract new (...args: never[]) => Error

/** A parser that crashed (threw something other than its documented error) or took too long on one input. */
export class FuzzFinding extends Error {
  constructor(
    readonly kind: 'crash' | 'hang',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${kind}: ${message}`, options)
    this.name = 'FuzzFinding'
  }
}

/** What one guarded call did: returned a value, or refused the input with a documented error. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: Error }

function describe(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message.slice(0, 300)}`
  return `non-Error thrown: ${String(err).slice(0, 300)}`
}

function timed<T>(parse: () => T, expected: readonly ErrorClass[]): [Outcome<T>, number] {
  const started = performance.now()
  let outcome: Outcome<T>
  try {
    outcome = { ok: true, value: parse() }
  } catch (err) {
    if (!expected.some((cls) => err instanceof cls))
      throw new FuzzFinding('crash', describe(err), { cause: err })
    outcome = { ok: false, error: err as Error }
  }
  return [outcome, performance.now() - started]
}

/**
 * Runs `parse` on one input and classifies the result. A return or an error of one of `expected` is
 * fine; any other error (TypeError, RangeError, stack overflow, a foreign library's error) is a
 * crash, and taking longer than the hang limit is a hang. Both throw a FuzzFinding so fast-check
 * shrinks the input. A slow input is timed twice, so a pause of the shared machine is not taken
 * for a hang.
 */
export function guard<T>(parse: () => T, expected: readonly ErrorClass[] = [WatchfireError]): Outcome<T> {
  const limit = hangLimitMs()
  const [outcome, elapsedMs] = timed(parse, expected)
  if (elapsedMs <= limit) return outcome
  const [, againMs] = timed(parse, expected)
  if (againMs > limit) throw new FuzzFinding('hang', `took ${Math.round(againMs)} ms (limit ${limit} ms)`)
  return outcome
}
