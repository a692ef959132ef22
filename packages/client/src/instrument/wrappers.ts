import type { LabelValues } from '../metric-base.js'

/** Anything that records an observation in seconds: a Histogram or a Summary (or one of their children). */
export interface Observer<T extends string> {
  observe(labels: LabelValues<T>, value: number): void
}

/** Anything that goes up and down: a Gauge. */
export interface UpDown<T extends string> {
  inc(labels: LabelValues<T>, value?: number): void
  dec(labels: LabelValues<T>, value?: number): void
}

/** Anything that counts: a Counter (or a Gauge). */
export interface Increment<T extends string> {
  inc(labels: LabelValues<T>, value?: number): void
}

/** Options shared by the wrappers: constant labels for every observation. */
export interface InstrumentOptions<T extends string> {
  labels?: LabelValues<T>
}

/** Options of {@link countExceptions}: which errors count (default: all). */
export interface CountExceptionsOptions<T extends string> extends InstrumentOptions<T> {
  /** Counts only errors for which this returns true, e.g. `(e) => e instanceof TimeoutError`. */
  filter?: (error: unknown) => boolean
}

const noLabels: LabelValues<string> = Object.freeze({})

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  )
}

/** What happens around one call: `start` returns per-call state that `finish` receives. */
interface CallHooks<S> {
  start(): S
  finish(state: S): void
  fail?(error: unknown): void
}

/**
 * Wraps `fn` with `hooks`: `finish` runs once the call is over — after it returns or, when it returns
 * a promise, after the promise settles; `fail` runs first when it throws or rejects. Results and
 * errors pass through untouched. Per-call state keeps overlapping async calls apart.
 */
function around<A extends unknown[], R, This, S>(
  fn: (this: This, ...args: A) => R,
  hooks: CallHooks<S>,
): (this: This, ...args: A) => R {
  return function (this: This, ...args: A): R {
    const state = hooks.start()
    let result: R
    try {
      result = fn.apply(this, args)
    } catch (error) {
      hooks.fail?.(error)
      hooks.finish(state)
      throw error
    }
    if (!isPromiseLike(result)) {
      hooks.finish(state)
      return result
    }
    return Promise.resolve(result).then(
      (value) => {
        hooks.finish(state)
        return value
      },
      (error: unknown) => {
        hooks.fail?.(error)
        hooks.finish(state)
        throw error
      },
    ) as R
  }
}

/**
 * Wraps `fn` so each call observes its duration in seconds on `observer` (a Histogram or Summary);
 * async functions are timed until their promise settles, and failures are timed too.
 */
export function timed<A extends unknown[], R, This, T extends string>(
  observer: Observer<T>,
  fn: (this: This, ...args: A) => R,
  options: InstrumentOptions<T> = {},
): (this: This, ...args: A) => R {
  const labels = options.labels ?? (noLabels as LabelValues<T>)
  return around(fn, {
    start: () => process.hrtime.bigint(),
    finish: (start) => observer.observe(labels, Number(process.hrtime.bigint() - start) / 1e9),
  })
}

/** Wraps `fn` so a Gauge counts the calls in progress: +1 when a call starts, -1 when it finishes or fails. */
export function trackInProgress<A extends unknown[], R, This, T extends string>(
  gauge: UpDown<T>,
  fn: (this: This, ...args: A) => R,
  options: InstrumentOptions<T> = {},
): (this: This, ...args: A) => R {
  const labels = options.labels ?? (noLabels as LabelValues<T>)
  return around(fn, { start: () => gauge.inc(labels), finish: () => gauge.dec(labels) })
}

/** Wraps `fn` so each thrown error or rejected promise (matching `filter`) increments `counter`; errors still propagate. */
export function countExceptions<A extends unknown[], R, This, T extends string>(
  counter: Increment<T>,
  fn: (this: This, ...args: A) => R,
  options: CountExceptionsOptions<T> = {},
): (this: This, ...args: A) => R {
  const labels = options.labels ?? (noLabels as LabelValues<T>)
  const filter = options.filter
  return around(fn, {
    start: () => undefined,
    finish: () => undefined,
    fail: (error) => {
      if (filter === undefined || filter(error)) counter.inc(labels)
    },
  })
}
