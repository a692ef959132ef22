// CI budget: the whole fuzz project (default budget) must stay within 2 minutes on 2 cores. Measured:
// 29 s of CPU (26 s user, 3 s system) for 23 targets, 76 s wall on a shared machine at load average 11.
import type { Parameters } from 'fast-check'

/**
 * How long each fuzz target runs, from the environment:
 * - default (CI): `ciRuns` inputs per target, chosen so the whole fuzz project stays within its budget;
 * - `FUZZ_RUNS=n`: n inputs per target;
 * - `FUZZ_SECONDS=s`: as many inputs as fit in s seconds per target (the long, on-demand run);
 * - `FUZZ_SEED=n`: replay fast-check's seed n (printed with every failure);
 * - `FUZZ_HANG_MS=n`: the per-input time bound (default 1000 ms).
 */
export interface Budget {
  /** fast-check parameters that bound the run. */
  parameters: Parameters<unknown>
  /** Wall-clock limit of the target's test, generous enough for shrinking a failure. */
  testTimeoutMs: number
}

function envNumber(name: string): number | undefined {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return undefined
  const n = Number(raw)
  if (!Number.isFinite(n) || n <= 0)
    throw new Error(`cannot read ${name}=${JSON.stringify(raw)} (want a positive number)`)
  return n
}

/** The per-input time bound: an input that takes longer counts as a hang. */
export function hangLimitMs(): number {
  return envNumber('FUZZ_HANG_MS') ?? 1000
}

/** The run budget of one target whose CI share is `ciRuns` inputs. */
export function budget(ciRuns: number): Budget {
  const seconds = envNumber('FUZZ_SECONDS')
  const runs = envNumber('FUZZ_RUNS')
  const seed = envNumber('FUZZ_SEED')
  const base: Parameters<unknown> = seed === undefined ? {} : { seed }
  if (seconds !== undefined) {
    return {
      parameters: {
        ...base,
        numRuns: Number.MAX_SAFE_INTEGER,
        interruptAfterTimeLimit: seconds * 1000,
        markInterruptAsFailure: false,
      },
      testTimeoutMs: seconds * 1000 + 600_000,
    }
  }
  const numRuns = Math.round(runs ?? ciRuns)
  return { parameters: { ...base, numRuns }, testTimeoutMs: 600_000 }
}
