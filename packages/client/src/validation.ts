import { isLegacyLabelName, isLegacyMetricName } from '@watchfire/model'

/** True if `name` is a valid metric name in the classic character set (as prom-client checks it). */
export function validateMetricName(name: string): boolean {
  return typeof name === 'string' && isLegacyMetricName(name)
}

/** True if every name is a valid label name in the classic character set (as prom-client checks them). */
export function validateLabelName(names: readonly string[] = []): boolean {
  return names.every((n) => typeof n === 'string' && isLegacyLabelName(n))
}
