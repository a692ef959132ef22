import type {
  Bucket,
  HistogramValue,
  LabelRecord,
  MetricFamily,
  MetricType,
  SummaryValue,
} from '../metric-family.js'
import { escapeHelpText } from './escape.js'
import { braced, bracedWith, formatLabelPairs, histogramPrefixes, samplePrefix } from './escape-labels.js'
import { formatSampleValue } from './number-format.js'

/**
 * The TYPE word text format 0.0.4 uses for each model type. The format knows only five types, so:
 * `gaugehistogram` is written as a `histogram` (same series shape: `_bucket`, `_sum`, `_count`, from
 * the gauge histogram's gsum and gcount); `info` and `stateset` are written as `gauge`s with their
 * samples unchanged; `unknown` is `untyped`.
 */
const TEXT_TYPE: Readonly<Record<MetricType, string>> = {
  counter: 'counter',
  gauge: 'gauge',
  histogram: 'histogram',
  gaugehistogram: 'histogram',
  summary: 'summary',
  info: 'gauge',
  stateset: 'gauge',
  unknown: 'untyped',
}

/** An info family's sample name: the family name with `_info`, added unless already there. */
export function infoSampleName(name: string): string {
  return name.endsWith('_info') ? name : name + '_info'
}

function timestamp(ms: number | undefined): string {
  return ms === undefined ? '\n' : ' ' + ms + '\n'
}

function formatHistogram(name: string, labels: LabelRecord, h: HistogramValue, ts: string): string {
  const prefixes = histogramPrefixes(name, labels, h.buckets)
  let out = ''
  let sawInf = false
  for (let i = 0; i < h.buckets.length; i++) {
    const b = h.buckets[i] as Bucket
    if (b.upperBound === Infinity) sawInf = true
    out += (prefixes.buckets[i] as string) + formatSampleValue(b.cumulativeCount) + ts
  }
  // Prometheus requires the +Inf bucket; native-only histograms have none, so derive it from count.
  if (!sawInf) out += prefixes.inf + formatSampleValue(h.count) + ts
  out += prefixes.sum + formatSampleValue(h.sum) + ts
  out += prefixes.count + formatSampleValue(h.count) + ts
  return out
}

function formatSummary(name: string, pairs: string, s: SummaryValue, ts: string): string {
  let out = ''
  for (const q of s.quantiles) {
    const quantile = 'quantile="' + formatSampleValue(q.quantile) + '"'
    out += name + bracedWith(pairs, quantile) + ' ' + formatSampleValue(q.value) + ts
  }
  const lb = braced(pairs)
  out += name + '_sum' + lb + ' ' + formatSampleValue(s.sum) + ts
  out += name + '_count' + lb + ' ' + formatSampleValue(s.count) + ts
  return out
}

function formatFamily(f: MetricFamily): string {
  const name = f.type === 'info' ? infoSampleName(f.name) : f.name
  let out = f.help === '' ? '' : '# HELP ' + name + ' ' + escapeHelpText(f.help) + '\n'
  out += '# TYPE ' + name + ' ' + TEXT_TYPE[f.type] + '\n'
  const composite = f.type === 'histogram' || f.type === 'gaugehistogram' || f.type === 'summary'
  for (const m of f.metrics) {
    const ts = timestamp(m.timestampMs)
    if (!composite) {
      out += samplePrefix(name, m.labels) + formatSampleValue(m.value ?? NaN) + ts
    } else if (f.type === 'summary') {
      if (m.summary !== undefined) out += formatSummary(name, formatLabelPairs(m.labels), m.summary, ts)
    } else if (m.histogram !== undefined) {
      out += formatHistogram(name, m.labels, m.histogram, ts)
    }
  }
  return out
}

/**
 * Formats families as Prometheus text format 0.0.4 (`text/plain; version=0.0.4`), as Go's client and
 * prom-client print it. Labels keep their record order; `le` and `quantile` come last. HELP lines are
 * written only for non-empty help. Created timestamps and exemplars are not part of this format and are
 * left out. Types the format lacks are mapped: `gaugehistogram` as
 * `histogram`, `info` (samples named `<name>_info`) and `stateset` as `gauge`, `unknown` as `untyped`.
 */
export function formatText(families: readonly MetricFamily[]): string {
  let out = ''
  for (const f of families) out += formatFamily(f)
  return out
}
