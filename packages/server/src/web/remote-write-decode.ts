import {
  emptyHistogram,
  Labels,
  ProtoReader,
  WireType,
  type BucketSpan,
  type CounterResetHint,
  type NativeHistogram,
} from '@watchfire/model'

/** One series of a remote-write request: its labels, float samples and histogram samples. */
export interface WriteSeries {
  labels: Labels
  /** Sample timestamps (ms) and values, index-aligned. */
  timestamps: number[]
  values: number[]
  histograms: { t: number; h: NativeHistogram }[]
}

const RESET_HINTS: readonly CounterResetHint[] = ['unknown', 'reset', 'not-reset', 'gauge']

/** Reads a packed or unpacked repeated scalar field into `out`. */
function repeated(r: ProtoReader, tag: number, read: () => number, out: number[]): void {
  if ((tag & 7) === WireType.lengthDelimited) {
    const outer = r.enter()
    while (r.more()) out.push(read())
    r.leave(outer)
  } else out.push(read())
}

function label(r: ProtoReader): [string, string] {
  let name = ''
  let value = ''
  const outer = r.enter()
  while (r.more()) {
    const tag = r.tag()
    if (tag === 0x0a) name = r.string()
    else if (tag === 0x12) value = r.string()
    else r.skip(tag)
  }
  r.leave(outer)
  return [name, value]
}

function sample(r: ProtoReader, series: WriteSeries): void {
  let v = 0
  let t = 0
  const outer = r.enter()
  while (r.more()) {
    const tag = r.tag()
    if (tag === 0x09) v = r.double()
    else if (tag === 0x10) t = r.int64()
    else r.skip(tag)
  }
  r.leave(outer)
  series.timestamps.push(t)
  series.values.push(v)
}

function span(r: ProtoReader): BucketSpan {
  let offset = 0
  let length = 0
  const outer = r.enter()
  while (r.more()) {
    const tag = r.tag()
    if (tag === 0x08) offset = r.sint32()
    else if (tag === 0x10) length = r.uint32()
    else r.skip(tag)
  }
  r.leave(outer)
  return { offset, length }
}

/** Integer histograms carry bucket deltas; the model keeps absolute counts. */
function absolute(deltas: number[]): number[] {
  let running = 0
  return deltas.map((d) => (running += d))
}

/** Storage walks buckets span by span, so spans must cover exactly the buckets given, as Prometheus checks. */
function checkSpans(
  r: ProtoReader,
  at: number,
  side: string,
  spans: readonly BucketSpan[],
  buckets: number,
): void {
  let covered = 0
  for (const s of spans) covered += s.length
  if (covered !== buckets)
    r.fail(`histogram ${side} spans cover ${covered} buckets but ${buckets} are given`, at)
}

function histogram(r: ProtoReader): { t: number; h: NativeHistogram } {
  const h = emptyHistogram()
  const positiveDeltas: number[] = []
  const negativeDeltas: number[] = []
  const customValues: number[] = []
  let t = 0
  const at = r.pos
  const outer = r.enter()
  while (r.more()) {
    const tag = r.tag()
    switch (tag >>> 3) {
      case 1:
        h.count = r.uint64()
        break
      case 2:
        h.count = r.double()
        break
      case 3:
        h.sum = r.double()
        break
      case 4:
        h.schema = r.sint32()
        break
      case 5:
        h.zeroThreshold = r.double()
        break
      case 6:
        h.zeroCount = r.uint64()
        break
      case 7:
        h.zeroCount = r.double()
        break
      case 8:
        h.negativeSpans.push(span(r))
        break
      case 9:
        repeated(r, tag, () => r.sint64(), negativeDeltas)
        break
      case 10:
        repeated(r, tag, () => r.double(), h.negativeBuckets)
        break
      case 11:
        h.positiveSpans.push(span(r))
        break
      case 12:
        repeated(r, tag, () => r.sint64(), positiveDeltas)
        break
      case 13:
        repeated(r, tag, () => r.double(), h.positiveBuckets)
        break
      case 14:
        h.counterResetHint = RESET_HINTS[r.uint32()] ?? 'unknown'
        break
      case 15:
        t = r.int64()
        break
      case 16:
        repeated(r, tag, () => r.double(), customValues)
        break
      default:
        r.skip(tag)
    }
  }
  r.leave(outer)
  if (positiveDeltas.length > 0) h.positiveBuckets = absolute(positiveDeltas)
  if (negativeDeltas.length > 0) h.negativeBuckets = absolute(negativeDeltas)
  if (customValues.length > 0) h.customValues = customValues
  checkSpans(r, at, 'positive', h.positiveSpans, h.positiveBuckets.length)
  checkSpans(r, at, 'negative', h.negativeSpans, h.negativeBuckets.length)
  return { t, h }
}

function timeSeries(r: ProtoReader): WriteSeries {
  const pairs: [string, string][] = []
  const series: WriteSeries = { labels: Labels.EMPTY, timestamps: [], values: [], histograms: [] }
  const outer = r.enter()
  while (r.more()) {
    const tag = r.tag()
    if (tag === 0x0a) pairs.push(label(r))
    else if (tag === 0x12) sample(r, series)
    else if (tag === 0x22) series.histograms.push(histogram(r))
    else r.skip(tag) // exemplars (3) are not stored
  }
  r.leave(outer)
  series.labels = Labels.fromPairs(pairs)
  return series
}

/**
 * Decodes a remote-write 1.0 `prometheus.WriteRequest` (already snappy-decompressed). Metadata
 * (field 3) and exemplars are skipped; malformed input, native histogram spans that do not cover
 * exactly the buckets given included, throws the model's ParseError naming the byte offset.
 */
export function decodeWriteRequest(bytes: Uint8Array): WriteSeries[] {
  const r = new ProtoReader(bytes, 'protobuf WriteRequest')
  const out: WriteSeries[] = []
  while (r.more()) {
    const tag = r.tag()
    if (tag === 0x0a) out.push(timeSeries(r))
    else r.skip(tag)
  }
  return out
}
