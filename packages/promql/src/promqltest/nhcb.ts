import { Labels, type NativeHistogram } from '@watchfire/model'
import { STALE_NAN } from '@watchfire/storage'
import { compactHistogram } from './histogram-math.js'
import type { LoadSeries } from './script-types.js'
import type { SequenceValue } from './series-line.js'

/** A native histogram with custom buckets synthesised from classic `_bucket`/`_count`/`_sum` series. */
export interface NhcbSeries {
  labels: Labels
  samples: { t: number; h: NativeHistogram }[]
}

interface Group {
  labels: Labels
  buckets: { le: number; values: SequenceValue[] }[]
  count?: SequenceValue[]
  sum?: SequenceValue[]
}

/** Why a classic histogram could not be converted (fails the load, as upstream). */
export class NhcbConversionError extends Error {}

const SUFFIXES = ['_bucket', '_count', '_sum'] as const

/**
 * `load_with_nhcb`: groups classic-histogram float series by base name and labels without `le`,
 * and builds one custom-bucket histogram (schema -53) per group and timestamp that has float samples.
 */
export function convertToNhcb(series: readonly LoadSeries[], intervalMs: number): NhcbSeries[] {
  const groups = new Map<string, Group>()
  for (const s of series) {
    const name = s.labels.metricName
    const suffix = SUFFIXES.find((x) => name.endsWith(x))
    if (suffix === undefined) continue
    const labels = s.labels.without('le').with('__name__', name.slice(0, -suffix.length))
    const key = labels.toString()
    let group = groups.get(key)
    if (group === undefined) groups.set(key, (group = { labels, buckets: [] }))
    if (suffix === '_bucket') {
      const le = Number(s.labels.get('le').replace(/^\+?inf$/i, 'Infinity'))
      if (s.labels.get('le') === '' || Number.isNaN(le)) continue
      group.buckets.push({ le, values: s.values })
    } else if (suffix === '_count') group.count = s.values
    else group.sum = s.values
  }
  const out: NhcbSeries[] = []
  for (const group of groups.values()) {
    if (group.buckets.length === 0) continue
    group.buckets.sort((a, b) => a.le - b.le)
    const positions = Math.max(
      ...group.buckets.map((b) => b.values.length),
      group.count?.length ?? 0,
      group.sum?.length ?? 0,
    )
    const samples: NhcbSeries['samples'] = []
    for (let i = 0; i < positions; i++) {
      const h = histogramAt(group, i)
      if (h !== undefined) samples.push({ t: i * intervalMs, h })
    }
    if (samples.length > 0) out.push({ labels: group.labels, samples })
  }
  return out
}

function floatAt(values: readonly SequenceValue[] | undefined, i: number): number | undefined {
  const v = values?.[i]
  if (v === undefined) return undefined
  if (v.kind === 'float') return v.v
  return v.kind === 'stale' ? STALE_NAN : undefined
}

function histogramAt(group: Group, i: number): NativeHistogram | undefined {
  const bounds: number[] = []
  const cumulative: number[] = []
  for (const b of group.buckets) {
    const v = floatAt(b.values, i)
    if (v === undefined) continue
    bounds.push(b.le)
    cumulative.push(v)
  }
  const countValue = floatAt(group.count, i)
  const sumValue = floatAt(group.sum, i)
  if (bounds.length === 0 && countValue === undefined && sumValue === undefined) return undefined
  const hasInf = bounds[bounds.length - 1] === Infinity
  const highest = cumulative[cumulative.length - 1] ?? 0
  const count = countValue ?? highest
  if (!hasInf) {
    bounds.push(Infinity)
    cumulative.push(count)
  } else if (
    countValue !== undefined &&
    countValue !== highest &&
    !(Number.isNaN(countValue) && Number.isNaN(highest))
  ) {
    throw new NhcbConversionError(
      `cannot convert ${group.labels.toString()} (count ${countValue} != +Inf bucket ${highest})`,
    )
  }
  const buckets: number[] = []
  let previous = 0
  for (const c of cumulative) {
    if (c < 0)
      throw new NhcbConversionError(`cannot convert ${group.labels.toString()} (negative bucket count)`)
    if (c < previous)
      throw new NhcbConversionError(`cannot convert ${group.labels.toString()} (counts not cumulative)`)
    buckets.push(c - previous)
    previous = c
  }
  return compactHistogram({
    schema: -53,
    zeroThreshold: 0,
    zeroCount: 0,
    count,
    sum: sumValue ?? 0,
    positiveSpans: [{ offset: 0, length: buckets.length }],
    positiveBuckets: buckets,
    negativeSpans: [],
    negativeBuckets: [],
    customValues: bounds.slice(0, -1),
    counterResetHint: 'unknown',
  })
}
