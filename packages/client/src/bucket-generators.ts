import { MetricConfigError } from './errors.js'

/** `count` bucket upper bounds starting at `start`, each `width` apart. */
export function linearBuckets(start: number, width: number, count: number): number[] {
  if (!Number.isFinite(start) || !Number.isFinite(width) || width <= 0) {
    throw new MetricConfigError(
      `cannot make linear buckets (start ${start} and width ${width} must be finite, width > 0)`,
    )
  }
  if (!Number.isInteger(count) || count < 1) {
    throw new MetricConfigError(`cannot make linear buckets (count ${count} must be a positive integer)`)
  }
  const out = new Array<number>(count)
  for (let i = 0; i < count; i++) out[i] = start + i * width
  return out
}

/** `count` bucket upper bounds starting at `start`, each `factor` times the previous one. */
export function exponentialBuckets(start: number, factor: number, count: number): number[] {
  if (!(start > 0) || !Number.isFinite(start)) {
    throw new MetricConfigError(`cannot make exponential buckets (start ${start} must be finite and > 0)`)
  }
  if (!(factor > 1) || !Number.isFinite(factor)) {
    throw new MetricConfigError(`cannot make exponential buckets (factor ${factor} must be finite and > 1)`)
  }
  if (!Number.isInteger(count) || count < 1) {
    throw new MetricConfigError(`cannot make exponential buckets (count ${count} must be a positive integer)`)
  }
  const out = new Array<number>(count)
  let b = start
  for (let i = 0; i < count; i++) {
    out[i] = b
    b *= factor
  }
  return out
}
