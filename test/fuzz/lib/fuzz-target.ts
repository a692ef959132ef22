import { appendFileSync } from 'node:fs'
import fc from 'fast-check'
import { it } from 'vitest'
import { budget } from './budget.js'

/** Options of {@link fuzzTarget}. */
export interface FuzzTargetOptions<T> {
  /** Inputs run in the default (CI) budget. */
  ciRuns: number
  /** Inputs always run first: the regression corpus of past findings. */
  examples?: readonly T[]
}

function report(name: string, inputs: number, elapsedMs: number): void {
  const line = { target: name, inputs, seconds: Math.round(elapsedMs) / 1000 }
  // The count is the figure the issue asks for; FUZZ_REPORT collects it across targets for a long run.
  console.log(`fuzz ${name}: ${inputs} inputs in ${line.seconds} s`)
  const file = process.env['FUZZ_REPORT']
  if (file !== undefined && file !== '') appendFileSync(file, `${JSON.stringify(line)}\n`)
}

/**
 * Declares one fuzz target as a vitest test: `check` runs on every generated input (and on every
 * regression example first) and throws on a finding; fast-check then shrinks the input and prints it
 * with the seed to replay (`FUZZ_SEED`).
 */
export function fuzzTarget<T>(
  name: string,
  arbitrary: fc.Arbitrary<T>,
  check: (input: T) => void,
  options: FuzzTargetOptions<T>,
): void {
  const { parameters, testTimeoutMs } = budget(options.ciRuns)
  it(
    name,
    () => {
      let inputs = 0
      const started = performance.now()
      const property = fc.property(arbitrary, (input) => {
        inputs++
        check(input)
      })
      const examples = (options.examples ?? []).map((e): [T] => [e])
      fc.assert(property, { ...(parameters as fc.Parameters<[T]>), examples })
      report(name, inputs, performance.now() - started)
    },
    testTimeoutMs,
  )
}
