import type { Exemplar, Metric, MetricFamily, MetricType, SummaryValue } from '../metric-family.js'
import { ProtoReader } from '../protobuf/wire-reader.js'
import { readHistogram } from './protobuf-decode-histogram.js'
import { readExemplar, readLabelPair, readTimestamp } from './protobuf-decode-parts.js'
import {
  CounterTag,
  FamilyTag,
  MetricTag,
  ProtoMetricType,
  QuantileTag,
  SummaryTag,
  ValueTag,
} from './protobuf-schema.js'

const NONE = -1
const MIXED = -2

const MODEL_TYPE: readonly MetricType[] = [
  'counter',
  'gauge',
  'summary',
  'unknown',
  'histogram',
  'gaugehistogram',
]

/**
 * Decodes the delimited protobuf exposition format (varint length, then an io.prometheus.client
 * MetricFamily, repeated) into metric families.
 *
 * Strict: truncated or garbled input, invalid UTF-8, an unknown metric type, a family without a name, a
 * duplicate label name or native spans that do not match the bucket counts throw a ParseError at line 1,
 * column = byte offset + 1. Unknown fields, and known fields arriving with another wire type, are skipped
 * as protobuf parsers do; packed and unpacked repeated fields are both accepted; when a singular field
 * repeats, the last occurrence wins. A metric lacking the value message its family's type needs gets
 * that type's zero value, as Prometheus reads it, and value messages of other types are skipped unread.
 * A timestamp_ms of 0 means none. Native bucket deltas come back as absolute counts, and a lone no-op
 * span is dropped.
 */
export function decodeProtobuf(bytes: Uint8Array): MetricFamily[] {
  const r = new ProtoReader(bytes, 'protobuf MetricFamily')
  const families: MetricFamily[] = []
  while (r.more()) {
    const at = r.pos
    const outer = r.enter()
    families.push(readFamily(r, at))
    r.leave(outer)
  }
  return families
}

/**
 * Which value message of a Metric counts depends on the family's type, which Go writes before the
 * metrics but omits for counters (proto3 default) and which may legally come last. So metrics are read
 * assuming the type known so far (counter until told otherwise), skipping value messages of other
 * types; if the final type turns out different from an assumption made, the family is read again with
 * the final type. Well-formed input thus takes one pass and builds no intermediate objects.
 */
function readFamily(r: ProtoReader, at: number): MetricFamily {
  const bodyStart = r.pos
  const first = readFamilyPass(r, at, undefined)
  if (typeof first !== 'number') return first
  r.pos = bodyStart
  return readFamilyPass(r, at, first) as MetricFamily
}

/** Reads a family's fields; returns the final type instead when a metric was read under another one. */
function readFamilyPass(r: ProtoReader, at: number, knownType: number | undefined): MetricFamily | number {
  let name = ''
  let help = ''
  let unit = ''
  let protoType = 0
  let typeAt = at
  let assumed = knownType ?? 0
  // The type every metric so far was read under, or MIXED once two metrics were read under different ones.
  let readUnder = NONE
  const metrics: Metric[] = []
  while (r.more()) {
    const tag = r.tag()
    switch (tag) {
      case FamilyTag.name:
        name = r.string()
        break
      case FamilyTag.help:
        help = r.string()
        break
      case FamilyTag.type:
        typeAt = r.pos
        protoType = r.int32()
        if (knownType === undefined) assumed = protoType
        break
      case FamilyTag.metric:
        metrics.push(readMetric(r, assumed))
        readUnder = readUnder === NONE || readUnder === assumed ? assumed : MIXED
        break
      case FamilyTag.unit:
        unit = r.string()
        break
      default:
        r.skip(tag)
    }
  }
  const type = MODEL_TYPE[protoType]
  if (type === undefined) r.fail(`unknown metric type ${protoType}`, typeAt)
  if (name === '') r.fail('metric family without a name', at)
  if (readUnder !== NONE && readUnder !== protoType) return protoType
  return { name, help, type, unit, metrics }
}
function readValue(r: ProtoReader): number {
  const outer = r.enter()
  let value = 0
  while (r.more()) {
    const tag = r.tag()
    if (tag === ValueTag.value) value = r.double()
    else r.skip(tag)
  }
  r.leave(outer)
  return value
}

function readCounter(r: ProtoReader, metric: Metric): void {
  const outer = r.enter()
  let value = 0
  let createdMs: number | undefined
  let exemplar: Exemplar | undefined
  while (r.more()) {
    const tag = r.tag()
    if (tag === CounterTag.value) value = r.double()
    else if (tag === CounterTag.exemplar) exemplar = readExemplar(r)
    else if (tag === CounterTag.startTimestamp) createdMs = readTimestamp(r)
    else r.skip(tag)
  }
  r.leave(outer)
  metric.value = value
  if (createdMs !== undefined) metric.createdMs = createdMs
  if (exemplar !== undefined) metric.exemplar = exemplar
}

function readSummary(r: ProtoReader): SummaryValue {
  const outer = r.enter()
  const summary: SummaryValue = { count: 0, sum: 0, quantiles: [] }
  while (r.more()) {
    const tag = r.tag()
    if (tag === SummaryTag.sampleCount) summary.count = r.uint64()
    else if (tag === SummaryTag.sampleSum) summary.sum = r.double()
    else if (tag === SummaryTag.quantile) {
      const inner = r.enter()
      let quantile = 0
      let value = 0
      while (r.more()) {
        const qTag = r.tag()
        if (qTag === QuantileTag.quantile) quantile = r.double()
        else if (qTag === QuantileTag.value) value = r.double()
        else r.skip(qTag)
      }
      r.leave(inner)
      summary.quantiles.push({ quantile, value })
    } else if (tag === SummaryTag.startTimestamp) summary.createdMs = readTimestamp(r)
    else r.skip(tag)
  }
  r.leave(outer)
  return summary
}

/** Reads a Metric, keeping only the value message that `protoType` calls for (see readFamily). */
function readMetric(r: ProtoReader, protoType: number): Metric {
  const outer = r.enter()
  const labels: Record<string, string> = {}
  const metric: Metric = { labels }
  let timestampMs = 0
  while (r.more()) {
    const tag = r.tag()
    switch (tag) {
      case MetricTag.label:
        readLabelPair(r, labels)
        break
      case MetricTag.counter:
        if (protoType === ProtoMetricType.counter) readCounter(r, metric)
        else r.skip(tag)
        break
      case MetricTag.gauge:
        if (protoType === ProtoMetricType.gauge) metric.value = readValue(r)
        else r.skip(tag)
        break
      case MetricTag.untyped:
        if (protoType === ProtoMetricType.untyped) metric.value = readValue(r)
        else r.skip(tag)
        break
      case MetricTag.summary:
        if (protoType === ProtoMetricType.summary) metric.summary = readSummary(r)
        else r.skip(tag)
        break
      case MetricTag.histogram:
        if (protoType === ProtoMetricType.histogram || protoType === ProtoMetricType.gaugeHistogram) {
          metric.histogram = readHistogram(r)
        } else r.skip(tag)
        break
      case MetricTag.timestampMs:
        timestampMs = r.int64()
        break
      default:
        r.skip(tag)
    }
  }
  r.leave(outer)
  // A missing value message reads as its zero value, as Go's nil-safe getters give Prometheus.
  switch (protoType) {
    case ProtoMetricType.summary:
      metric.summary ??= { count: 0, sum: 0, quantiles: [] }
      break
    case ProtoMetricType.histogram:
    case ProtoMetricType.gaugeHistogram:
      metric.histogram ??= { count: 0, sum: 0, buckets: [] }
      break
    default:
      metric.value ??= 0
  }
  // Prometheus reads timestamp_ms 0 as "no timestamp" too.
  if (timestampMs !== 0) metric.timestampMs = timestampMs
  return metric
}
