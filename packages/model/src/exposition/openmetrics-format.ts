import type { Exemplar, HistogramValue, Metric, MetricFamily, SummaryValue } from '../metric-family.js'
import { escapeOpenMetricsHelp } from './escape.js'
import { braced, bracedWith, formatLabelPairs, samplePrefix } from './escape-labels.js'
import { formatCanonicalFloat, formatCount, formatMsAsSeconds, formatSampleValue } from './number-format.js'
import { infoSampleName } from './text-format.js'

function timestamp(ms: number | undefined): string {
  return ms === undefined ? '' : ' ' + formatMsAsSeconds(ms)
}

function exemplar(e: Exemplar | undefined): string {
  if (e === undefined) return ''
  return ' # {' + formatLabelPairs(e.labels) + '} ' + formatSampleValue(e.value) + timestamp(e.timestampMs)
}

function created(name: string, lb: string, ms: number | undefined, ts: string): string {
  return ms === undefined ? '' : name + '_created' + lb + ' ' + formatMsAsSeconds(ms) + ts + '\n'
}

function formatHistogram(name: string, pairs: string, h: HistogramValue, ts: string, gauge: boolean): string {
  const bucketName = name + '_bucket'
  let out = ''
  let sawInf = false
  let negative = false
  for (const b of h.buckets) {
    if (b.upperBound === Infinity) sawInf = true
    if (b.upperBound < 0) negative = true
    const le = 'le="' + formatCanonicalFloat(b.upperBound) + '"'
    out += bucketName + bracedWith(pairs, le) + ' ' + formatCount(b.cumulativeCount) + ts
    out += exemplar(b.exemplar) + '\n'
  }
  if (!sawInf) out += bucketName + bracedWith(pairs, 'le="+Inf"') + ' ' + formatCount(h.count) + ts + '\n'
  const lb = braced(pairs)
  if (gauge) {
    out += name + '_gcount' + lb + ' ' + formatCount(h.count) + ts + '\n'
    out += name + '_gsum' + lb + ' ' + formatSampleValue(h.sum) + ts + '\n'
    return out
  }
  // OpenMetrics forbids _sum on a histogram with negative buckets, and _count without _sum.
  if (!negative) {
    out += name + '_count' + lb + ' ' + formatCount(h.count) + ts + '\n'
    out += name + '_sum' + lb + ' ' + formatSampleValue(h.sum) + ts + '\n'
  }
  return out + created(name, lb, h.createdMs, ts)
}

function formatSummary(name: string, pairs: string, s: SummaryValue, ts: string): string {
  let out = ''
  for (const q of s.quantiles) {
    const quantile = 'quantile="' + formatCanonicalFloat(q.quantile) + '"'
    out += name + bracedWith(pairs, quantile) + ' ' + formatSampleValue(q.value) + ts + '\n'
  }
  const lb = braced(pairs)
  out += name + '_count' + lb + ' ' + formatCount(s.count) + ts + '\n'
  out += name + '_sum' + lb + ' ' + formatSampleValue(s.sum) + ts + '\n'
  return out + created(name, lb, s.createdMs, ts)
}

function formatMetric(f: MetricFamily, name: string, sampleName: string, m: Metric): string {
  const ts = timestamp(m.timestampMs)
  switch (f.type) {
    case 'histogram':
    case 'gaugehistogram':
      if (m.histogram === undefined) return ''
      return formatHistogram(name, formatLabelPairs(m.labels), m.histogram, ts, f.type === 'gaugehistogram')
    case 'summary':
      return m.summary === undefined ? '' : formatSummary(name, formatLabelPairs(m.labels), m.summary, ts)
    case 'counter': {
      const line =
        samplePrefix(sampleName, m.labels) +
        formatSampleValue(m.value ?? NaN) +
        ts +
        exemplar(m.exemplar) +
        '\n'
      if (m.createdMs === undefined) return line
      return line + created(name, braced(formatLabelPairs(m.labels)), m.createdMs, ts)
    }
    default:
      return samplePrefix(sampleName, m.labels) + formatSampleValue(m.value ?? NaN) + ts + '\n'
  }
}

/** The OpenMetrics family name (TYPE line) and sample name for a model family. */
function openMetricsNames(f: MetricFamily): [family: string, sample: string] {
  if (f.type === 'counter') {
    const base = f.name.endsWith('_total') ? f.name.slice(0, -'_total'.length) : f.name
    return [base, base + '_total']
  }
  if (f.type === 'info') {
    const sample = infoSampleName(f.name)
    return [sample.slice(0, -'_info'.length), sample]
  }
  return [f.name, f.name]
}

function formatFamily(f: MetricFamily): string {
  const [name, sampleName] = openMetricsNames(f)
  let out = f.help === '' ? '' : '# HELP ' + name + ' ' + escapeOpenMetricsHelp(f.help) + '\n'
  out += '# TYPE ' + name + ' ' + f.type + '\n'
  if (f.unit !== '') out += '# UNIT ' + name + ' ' + f.unit + '\n'
  for (const m of f.metrics) out += formatMetric(f, name, sampleName, m)
  return out
}

/**
 * Formats families as OpenMetrics 1.0 text (`application/openmetrics-text; version=1.0.0`): counters
 * are declared without `_total` and sampled with it, created timestamps become `_created` samples,
 * exemplars follow counter and bucket samples, timestamps are in seconds, and the output ends with
 * `# EOF`. Info families are declared without `_info` and sampled with it. A histogram with negative
 * buckets is written without `_sum` and `_count`, which OpenMetrics forbids for it.
 */
export function formatOpenMetrics(families: readonly MetricFamily[]): string {
  let out = ''
  for (const f of families) out += formatFamily(f)
  return out + '# EOF\n'
}
