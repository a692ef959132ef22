import { WatchfireError } from '@watchfire/model'

/** A function argument that makes evaluation fail (Prometheus panics with these texts, aborting the query). */
export class KernelArgumentError extends WatchfireError {
  constructor(message: string) {
    super('ERR_QUERY_ARGUMENT', message)
  }
}

/** Go's `%f`: six decimals, `NaN`, `+Inf`, `-Inf`. */
export function formatGoFixed(v: number): string {
  if (Number.isNaN(v)) return 'NaN'
  if (v === Infinity) return '+Inf'
  if (v === -Infinity) return '-Inf'
  return v.toFixed(6)
}
