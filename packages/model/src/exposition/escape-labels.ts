import type { Bucket, LabelRecord } from '../metric-family.js'
import { escapeLabelValue } from './escape.js'
import { formatSampleValue } from './number-format.js'

/** Everything of a histogram's text lines before their values, for one series. */
export interface HistogramPrefixes {
  /** `name_bucket{…,le="<bound>"} ` per bucket, in bucket order. */
  buckets: string[]
  /** `name_bucket{…,le="+Inf"} `, for histograms without an explicit +Inf bucket. */
  inf: string
  sum: string
  count: string
}

/**
 * What is cached per label record: its rendered pairs, the last sample prefix built from them and,
 * for histogram series, the last set of line prefixes. Caching whole prefixes matters: a scrape
 * then joins a few long flat strings per line instead of many short ones, which is most of the cost
 * (the garbage of short-lived pieces kept alive by the growing output).
 */
interface Rendered {
  pairs: string
  prefixName: string
  prefix: string
  histogramName: string
  histogramBounds: number[]
  histogram: HistogramPrefixes | undefined
}

/**
 * Rendered fragments keyed by the label record itself. Clients keep one frozen record per series for
 * its whole life, so a scrape renders each series' labels once, ever, and a sample line costs one
 * lookup and one concatenation. Only frozen records are cached: one that can still change must be
 * rendered afresh each time.
 */
const cache = new WeakMap<LabelRecord, Rendered>()

function render(labels: LabelRecord): string {
  let out = ''
  for (const name in labels) {
    const value = labels[name] as string
    out += (out === '' ? '' : ',') + name + '="' + escapeLabelValue(value) + '"'
  }
  return out
}

function rendered(labels: LabelRecord): Rendered {
  let r = cache.get(labels)
  if (r !== undefined) return r
  r = {
    pairs: render(labels),
    prefixName: '',
    prefix: '',
    histogramName: '',
    histogramBounds: [],
    histogram: undefined,
  }
  if (Object.isFrozen(labels)) cache.set(labels, r)
  return r
}

/**
 * The label pairs of `labels` as both text formats print them, `a="1",b="2"`, in the record's own
 * key order, values escaped; `''` for no labels. Frozen records are rendered once and cached.
 */
export function formatLabelPairs(labels: LabelRecord): string {
  return rendered(labels).pairs
}

/** `name{a="1"} ` (or `name ` without labels): everything of a simple sample line before its value. */
export function samplePrefix(name: string, labels: LabelRecord): string {
  const r = rendered(labels)
  if (r.prefixName !== name) {
    r.prefixName = name
    r.prefix = name + braced(r.pairs) + ' '
  }
  return r.prefix
}

function sameBounds(cached: readonly number[], buckets: readonly Bucket[]): boolean {
  if (cached.length !== buckets.length) return false
  for (let i = 0; i < buckets.length; i++) if (cached[i] !== (buckets[i] as Bucket).upperBound) return false
  return true
}

/** The text-format line prefixes of one histogram series, cached while its name and bounds stay the same. */
export function histogramPrefixes(
  name: string,
  labels: LabelRecord,
  buckets: readonly Bucket[],
): HistogramPrefixes {
  const r = rendered(labels)
  if (r.histogram !== undefined && r.histogramName === name && sameBounds(r.histogramBounds, buckets))
    return r.histogram
  const bucketName = name + '_bucket'
  const plain = braced(r.pairs)
  r.histogramName = name
  r.histogramBounds = buckets.map((b) => b.upperBound)
  r.histogram = {
    buckets: r.histogramBounds.map(
      (bound) => bucketName + bracedWith(r.pairs, 'le="' + formatSampleValue(bound) + '"') + ' ',
    ),
    inf: bucketName + bracedWith(r.pairs, 'le="+Inf"') + ' ',
    sum: name + '_sum' + plain + ' ',
    count: name + '_count' + plain + ' ',
  }
  return r.histogram
}

/** `{a="1"}` for non-empty pairs, `''` otherwise: both formats omit empty braces. */
export function braced(pairs: string): string {
  return pairs === '' ? '' : '{' + pairs + '}'
}

/** `{pairs,name="value"}` with `extra` already formatted as `name="value"`. */
export function bracedWith(pairs: string, extra: string): string {
  return pairs === '' ? '{' + extra + '}' : '{' + pairs + ',' + extra + '}'
}
