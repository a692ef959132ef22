import {
  decodeProtobuf,
  OpenMetricsStreamParser,
  TextStreamParser,
  type Exemplar,
  type LabelRecord,
  type MetricFamily,
  type NativeHistogram,
} from '@watchfire/model'

/**
 * Receives the samples of one scrape body. Label arrays are reused between calls: read them
 * within the call (entries past `labelCount` are stale).
 */
export interface SampleSink {
  sample(
    name: string,
    labelNames: readonly string[],
    labelValues: readonly string[],
    labelCount: number,
    value: number,
    timestampMs: number | undefined,
    /** The series exactly as written in a text body, when there is one: identifies it without building a key. */
    seriesText?: string,
    /** The sample's exemplar (OpenMetrics, or protobuf counters and buckets), when it has one. */
    exemplar?: Exemplar,
  ): void
  histogram(
    name: string,
    labelNames: readonly string[],
    labelValues: readonly string[],
    labelCount: number,
    histogram: NativeHistogram,
    timestampMs: number | undefined,
  ): void
  /**
   * A sample of a text body, with its labels not yet read: look the series up by its text first and
   * call `parser.parseLabels()` only for one not seen before (it throws for a bad label set).
   */
  textSample(parser: TextStreamParser): void
  /**
   * Set by the sink to have the reader return before the next sample (see {@link sampleReader}); the
   * sink clears it before reading on.
   */
  pause: boolean
}

/** The exposition format a response's Content-Type announces; anything unknown is read as text, as Prometheus does. */
export function formatOfContentType(contentType: string): 'openmetrics' | 'protobuf' | 'text' {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? ''
  if (type === 'application/openmetrics-text') return 'openmetrics'
  if (type === 'application/vnd.google.protobuf') return 'protobuf'
  return 'text'
}

function textInto(parser: TextStreamParser, sink: SampleSink): boolean {
  for (let kind = parser.next(); kind !== null; kind = parser.next()) {
    if (kind !== 'series') continue
    sink.textSample(parser)
    if (sink.pause) return false
  }
  return true
}

function streamInto(parser: OpenMetricsStreamParser, sink: SampleSink): boolean {
  for (let kind = parser.next(); kind !== null; kind = parser.next()) {
    if (kind !== 'series') continue
    sink.sample(
      parser.metricName,
      parser.labelNames,
      parser.labelValues,
      parser.labelCount,
      parser.value,
      parser.timestampMs,
      parser.seriesText,
      parser.exemplar,
    )
    if (sink.pause) return false
  }
  return true
}

/** `1` → `1.0`, as Prometheus formats `le` and `quantile` values from protobuf. */
function formatBound(v: number): string {
  if (v === Infinity) return '+Inf'
  if (v === -Infinity) return '-Inf'
  if (Number.isNaN(v)) return 'NaN'
  return Number.isInteger(v) && Math.abs(v) < 1e21 ? `${v}.0` : String(v)
}

class LabelBuffer {
  readonly names: string[] = []
  readonly values: string[] = []
  count = 0

  reset(labels: LabelRecord): void {
    this.count = 0
    for (const name in labels) this.push(name, labels[name] as string)
  }

  push(name: string, value: string): void {
    this.names[this.count] = name
    this.values[this.count] = value
    this.count++
  }
}

function protobufInto(families: readonly MetricFamily[], sink: SampleSink, nativeHistograms: boolean): void {
  const buf = new LabelBuffer()
  const emit = (name: string, value: number, ts: number | undefined, exemplar?: Exemplar): void =>
    sink.sample(name, buf.names, buf.values, buf.count, value, ts, undefined, exemplar)
  for (const family of families) {
    const name = family.name
    for (const metric of family.metrics) {
      const ts = metric.timestampMs
      buf.reset(metric.labels)
      const base = buf.count
      if (family.type === 'summary' && metric.summary !== undefined) {
        for (const q of metric.summary.quantiles) {
          buf.count = base
          buf.push('quantile', formatBound(q.quantile))
          emit(name, q.value, ts)
        }
        buf.count = base
        emit(`${name}_sum`, metric.summary.sum, ts)
        emit(`${name}_count`, metric.summary.count, ts)
      } else if (
        (family.type === 'histogram' || family.type === 'gaugehistogram') &&
        metric.histogram !== undefined
      ) {
        const h = metric.histogram
        if (nativeHistograms && h.native !== undefined) {
          sink.histogram(name, buf.names, buf.values, buf.count, h.native, ts)
          continue
        }
        for (const bucket of h.buckets) {
          buf.count = base
          buf.push('le', formatBound(bucket.upperBound))
          emit(`${name}_bucket`, bucket.cumulativeCount, ts, bucket.exemplar)
        }
        if (h.buckets.length === 0 || h.buckets[h.buckets.length - 1]?.upperBound !== Infinity) {
          buf.count = base
          buf.push('le', '+Inf')
          emit(`${name}_bucket`, h.count, ts)
        }
        buf.count = base
        emit(`${name}_sum`, h.sum, ts)
        emit(`${name}_count`, h.count, ts)
      } else {
        emit(name, metric.value ?? 0, ts, metric.exemplar)
      }
    }
  }
}

/**
 * Parses a scrape body in `format` and feeds its samples to `sink`, in slices: each call of the returned
 * function reads on until the body ends (true) or the sink sets `pause` (false), so a caller can let
 * the event loop run between slices of a huge body. A protobuf body is read in one slice. Throws the
 * parser's ParseError.
 */
export function sampleReader(
  body: Buffer,
  format: 'openmetrics' | 'protobuf' | 'text',
  sink: SampleSink,
  nativeHistograms: boolean,
): () => boolean {
  if (format === 'protobuf')
    return () => {
      protobufInto(decodeProtobuf(body), sink, nativeHistograms)
      return true
    }
  if (format === 'openmetrics') {
    const parser = new OpenMetricsStreamParser(body)
    return () => streamInto(parser, sink)
  }
  const parser = new TextStreamParser(body.toString('utf8'), { deferLabels: true })
  return () => textInto(parser, sink)
}
