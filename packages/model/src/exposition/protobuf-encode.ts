import type { Metric, MetricFamily, MetricType, SummaryValue } from '../metric-family.js'
import { ProtoWriter } from '../protobuf/wire-writer.js'
import { writeHistogram } from './protobuf-encode-histogram.js'
import {
  encodeError,
  isIntegerCount,
  writeExemplar,
  writeLabels,
  writeTimestamp,
} from './protobuf-encode-parts.js'
import {
  CounterTag,
  FamilyTag,
  MetricTag,
  ProtoMetricType,
  QuantileTag,
  SummaryTag,
  ValueTag,
} from './protobuf-schema.js'
import { infoSampleName } from './text-format.js'

/**
 * The protobuf MetricType of each model type. The format has no info or stateset: both are gauges there,
 * which is also how Prometheus stores them.
 */
const PROTO_TYPE: Record<MetricType, number> = {
  counter: ProtoMetricType.counter,
  gauge: ProtoMetricType.gauge,
  summary: ProtoMetricType.summary,
  unknown: ProtoMetricType.untyped,
  histogram: ProtoMetricType.histogram,
  gaugehistogram: ProtoMetricType.gaugeHistogram,
  info: ProtoMetricType.gauge,
  stateset: ProtoMetricType.gauge,
}

// One writer reused across calls keeps a scrape from regrowing its buffer; encoding is synchronous, so
// calls cannot interleave. A writer that grew for an unusually large exposition is dropped afterwards.
const RETAINED_WRITER_BYTES = 16 * 1024 * 1024
let shared: ProtoWriter | undefined

/**
 * Encodes metric families in the delimited protobuf exposition format: each io.prometheus.client
 * MetricFamily preceded by its varint length, as served for
 * `Accept: application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited`.
 *
 * Names are written as given: a counter family's name is already its sample name (`foo_total`). An info
 * family becomes a gauge named `<name>_info` (unless it already ends so), a stateset a gauge of its own
 * name. Native histogram buckets are delta-encoded, or written as absolute doubles when any count is
 * non-integer. Throws a WatchfireError with code `ERR_ENCODE` for a metric lacking the value its type
 * needs, a summary whose count is not a non-negative integer, native spans that do not match the bucket
 * counts, or a custom-bucket native histogram (schema -53), which metrics.proto cannot carry.
 */
export function encodeProtobuf(families: readonly MetricFamily[]): Uint8Array {
  const w = shared ?? new ProtoWriter()
  shared = undefined
  w.reset()
  try {
    for (const family of families) {
      const start = w.fork()
      writeFamily(w, family)
      w.join(start)
    }
    return w.finish()
  } finally {
    if (w.length <= RETAINED_WRITER_BYTES) shared = w
  }
}

function writeFamily(w: ProtoWriter, family: MetricFamily): void {
  const protoType = PROTO_TYPE[family.type]
  if (protoType === undefined) throw encodeError(`unknown metric type "${String(family.type)}"`, family.name)
  w.stringField(FamilyTag.name, family.type === 'info' ? infoSampleName(family.name) : family.name)
  w.stringField(FamilyTag.help, family.help)
  if (protoType !== 0) {
    w.uint32(FamilyTag.type)
    w.uint32(protoType)
  }
  for (const metric of family.metrics) {
    w.uint32(FamilyTag.metric)
    const start = w.fork()
    writeMetric(w, metric, protoType, family.name)
    w.join(start)
  }
  w.stringField(FamilyTag.unit, family.unit)
}

function requireValue(metric: Metric, family: string): number {
  if (typeof metric.value !== 'number') throw encodeError('a metric has no value', family)
  return metric.value
}

function writeMetric(w: ProtoWriter, metric: Metric, protoType: number, family: string): void {
  writeLabels(w, MetricTag.label, metric.labels)
  switch (protoType) {
    case ProtoMetricType.counter: {
      w.uint32(MetricTag.counter)
      const start = w.fork()
      w.doubleField(CounterTag.value, requireValue(metric, family))
      if (metric.exemplar !== undefined) writeExemplar(w, CounterTag.exemplar, metric.exemplar)
      if (metric.createdMs !== undefined) writeTimestamp(w, CounterTag.startTimestamp, metric.createdMs)
      w.join(start)
      break
    }
    case ProtoMetricType.gauge:
    case ProtoMetricType.untyped: {
      w.uint32(protoType === ProtoMetricType.gauge ? MetricTag.gauge : MetricTag.untyped)
      const start = w.fork()
      w.doubleField(ValueTag.value, requireValue(metric, family))
      w.join(start)
      break
    }
    case ProtoMetricType.summary: {
      if (metric.summary === undefined) throw encodeError('a summary metric has no summary value', family)
      w.uint32(MetricTag.summary)
      const start = w.fork()
      writeSummary(w, metric.summary, family)
      w.join(start)
      break
    }
  }
  if (metric.timestampMs !== undefined) w.int64Field(MetricTag.timestampMs, metric.timestampMs)
  if (protoType === ProtoMetricType.histogram || protoType === ProtoMetricType.gaugeHistogram) {
    if (metric.histogram === undefined) throw encodeError('a histogram metric has no histogram value', family)
    w.uint32(MetricTag.histogram)
    const start = w.fork()
    writeHistogram(w, metric.histogram, family)
    w.join(start)
  }
}

function writeSummary(w: ProtoWriter, summary: SummaryValue, family: string): void {
  if (!isIntegerCount(summary.count)) {
    throw encodeError(`summary count ${summary.count} is not a non-negative integer`, family)
  }
  w.uint64Field(SummaryTag.sampleCount, summary.count)
  w.doubleField(SummaryTag.sampleSum, summary.sum)
  for (const q of summary.quantiles) {
    w.uint32(SummaryTag.quantile)
    const start = w.fork()
    w.doubleField(QuantileTag.quantile, q.quantile)
    w.doubleField(QuantileTag.value, q.value)
    w.join(start)
  }
  if (summary.createdMs !== undefined) writeTimestamp(w, SummaryTag.startTimestamp, summary.createdMs)
}
