import type { CountExceptionsOptions, Increment, InstrumentOptions, Observer, UpDown } from './wrappers.js'
import { countExceptions, timed, trackInProgress } from './wrappers.js'

/** A TC39 (TypeScript 5 standard) method decorator; no `experimentalDecorators` needed. */
export type MethodDecorator = <This, A extends unknown[], R>(
  method: (this: This, ...args: A) => R,
  context: ClassMethodDecoratorContext<This, (this: This, ...args: A) => R>,
) => (this: This, ...args: A) => R

/** `@Timed(histogram)`: observes each call's duration in seconds (until its promise settles, for async methods). */
export function Timed<T extends string>(
  observer: Observer<T>,
  options?: InstrumentOptions<T>,
): MethodDecorator {
  return (method) => timed(observer, method, options)
}

/** `@InProgress(gauge)`: the gauge holds the number of calls running right now. */
export function InProgress<T extends string>(
  gauge: UpDown<T>,
  options?: InstrumentOptions<T>,
): MethodDecorator {
  return (method) => trackInProgress(gauge, method, options)
}

/** `@CountExceptions(counter)`: counts thrown errors and rejected promises (optionally filtered); errors still propagate. */
export function CountExceptions<T extends string>(
  counter: Increment<T>,
  options?: CountExceptionsOptions<T>,
): MethodDecorator {
  return (method) => countExceptions(counter, method, options)
}
