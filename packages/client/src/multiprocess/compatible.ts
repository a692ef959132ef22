import type { MetricState } from './state.js'

/** Why two processes' states of one metric cannot be combined, or undefined if they can. */
export function incompatibility(a: MetricState, b: MetricState): string | undefined {
  if (a.type !== b.type) return `type ${b.type} differs from ${a.type}`
  if (a.labelNames.join(',') !== b.labelNames.join(',')) {
    return `label names [${b.labelNames.join(', ')}] differ from [${a.labelNames.join(', ')}]`
  }
  if ((a.bounds ?? []).join(',') !== (b.bounds ?? []).join(',')) return 'histogram buckets differ'
  if (a.type === 'gauge' && a.mode !== b.mode) return `gauge mode ${b.mode} differs from ${a.mode}`
  return undefined
}
