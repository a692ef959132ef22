import { parseDuration } from '@watchfire/promql'
import { HarnessError } from './errors.js'

/** A span of fake time: milliseconds, or a Prometheus duration such as `'15s'` or `'1m30s'`. */
export type DurationInput = number | string

/** An instant of fake time: milliseconds since the epoch, or a Date. */
export type TimeInput = number | Date

/** Milliseconds of `input`; `what` names the argument in the error a bad value gets. */
export function durationMs(input: DurationInput, what: string): number {
  if (typeof input === 'number') {
    if (Number.isInteger(input) && input >= 0) return input
    throw new HarnessError(
      'ERR_HARNESS_DURATION',
      `cannot use ${what} ${input} (a duration in milliseconds must be a non-negative integer)`,
    )
  }
  try {
    return parseDuration(input)
  } catch (err) {
    throw new HarnessError(
      'ERR_HARNESS_DURATION',
      `cannot parse ${what} ${JSON.stringify(input)} (${(err as Error).message})`,
      {
        cause: err,
      },
    )
  }
}

/** Milliseconds since the epoch of `input`; `what` names the argument in the error a bad value gets. */
export function timeMs(input: TimeInput, what: string): number {
  const ms = input instanceof Date ? input.getTime() : input
  if (Number.isInteger(ms)) return ms
  throw new HarnessError(
    'ERR_HARNESS_TIME',
    `cannot use ${what} ${String(input)} (not an integer millisecond time)`,
  )
}
