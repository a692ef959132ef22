import type { BucketSpan, NativeHistogram } from '@watchfire/model'
import { almostEqual } from './almost-equal.js'
import { compactHistogram } from './histogram-math.js'

/**
 * Why an actual histogram differs from the expected one, or undefined when they match under
 * promqltest's rules: both compacted, schema and zero threshold exact, counts with tolerance,
 * the counter-reset hint only when the expected literal spelled it out.
 */
export function histogramDifference(
  expected: NativeHistogram,
  actual: NativeHistogram,
  checkHint: boolean,
): string | undefined {
  const e = compactHistogram(expected)
  const a = compactHistogram(actual)
  if (e.schema !== a.schema) return `schema ${a.schema} != ${e.schema}`
  if (e.zeroThreshold !== a.zeroThreshold) return `zero threshold ${a.zeroThreshold} != ${e.zeroThreshold}`
  if (!almostEqual(e.count, a.count)) return `count ${a.count} != ${e.count}`
  if (!almostEqual(e.sum, a.sum)) return `sum ${a.sum} != ${e.sum}`
  if (!almostEqual(e.zeroCount, a.zeroCount)) return `zero count ${a.zeroCount} != ${e.zeroCount}`
  if (e.schema === -53 && !sameList(e.customValues ?? [], a.customValues ?? [])) {
    return `custom values [${a.customValues?.join(' ')}] != [${e.customValues?.join(' ')}]`
  }
  for (const [side, es, as, eb, ab] of [
    ['positive', e.positiveSpans, a.positiveSpans, e.positiveBuckets, a.positiveBuckets],
    ['negative', e.negativeSpans, a.negativeSpans, e.negativeBuckets, a.negativeBuckets],
  ] as const) {
    if (!sameSpans(es, as)) return `${side} spans differ`
    if (eb.length !== ab.length || eb.some((v, i) => !almostEqual(v, ab[i] as number))) {
      return `${side} buckets [${ab.join(' ')}] != [${eb.join(' ')}]`
    }
  }
  if (checkHint && (e.counterResetHint ?? 'unknown') !== (a.counterResetHint ?? 'unknown')) {
    return `counter reset hint ${a.counterResetHint ?? 'unknown'} != ${e.counterResetHint ?? 'unknown'}`
  }
  return undefined
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i])
}

/** Compares spans by absolute start and length, ignoring empty ones. */
function sameSpans(a: readonly BucketSpan[], b: readonly BucketSpan[]): boolean {
  const norm = (spans: readonly BucketSpan[]): string => {
    const out: string[] = []
    let index = 0
    for (const s of spans) {
      index += s.offset
      if (s.length > 0) out.push(`${index}:${s.length}`)
      index += s.length
    }
    return out.join(',')
  }
  return norm(a) === norm(b)
}
