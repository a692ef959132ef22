import { ParseError } from '../errors.js'
import type { HistogramValue, Metric, MetricFamily, SummaryValue } from '../metric-family.js'
import { isRealNumber, parseSpecialFloat, putLabel } from './text-scanner.js'
import { TextStreamParser } from './text-stream-parser.js'

interface FamilyState {
  family: MetricFamily
  typed: boolean
  hasHelp: boolean
  hasSamples: boolean
  /** Histogram and summary metrics by label group, so their lines may come in any order. */
  groups: Map<string, Metric>
}

function parseBound(text: string): number | undefined {
  if (isRealNumber(text)) return Number(text)
  const v = parseSpecialFloat(text)
  return v === undefined || Number.isNaN(v) ? undefined : v
}

/** Assembles text-format entries into families the way Go's text parser groups them. */
class TextAssembler {
  readonly families: MetricFamily[] = []
  private readonly byName = new Map<string, FamilyState>()

  constructor(private readonly p: TextStreamParser) {}

  family(name: string): FamilyState {
    let s = this.byName.get(name)
    if (s === undefined) {
      s = {
        family: { name, help: '', type: 'unknown', unit: '', metrics: [] },
        typed: false,
        hasHelp: false,
        hasSamples: false,
        groups: new Map(),
      }
      this.byName.set(name, s)
      this.families.push(s.family)
    }
    return s
  }

  help(): void {
    const s = this.family(this.p.metricName)
    if (s.hasHelp) this.fail(`second HELP line for "${this.p.metricName}"`)
    s.hasHelp = true
    s.family.help = this.p.help
  }

  type(): void {
    const s = this.family(this.p.metricName)
    if (s.typed) this.fail(`second TYPE line for "${this.p.metricName}"`)
    if (s.hasSamples) this.fail(`TYPE line for "${this.p.metricName}" must come before its samples`)
    s.typed = true
    s.family.type = this.p.type
  }

  /** Finds the family a series belongs to: its own name first, then a histogram's or summary's suffixes. */
  private resolve(name: string): [FamilyState, string] {
    const own = this.byName.get(name)
    if (own !== undefined) return [own, '']
    for (const suffix of ['_bucket', '_sum', '_count']) {
      if (!name.endsWith(suffix)) continue
      const base = this.byName.get(name.slice(0, -suffix.length))
      const t = base?.family.type
      if (base !== undefined && (t === 'histogram' || (t === 'summary' && suffix !== '_bucket')))
        return [base, suffix]
    }
    return [this.family(name), '']
  }

  series(): void {
    const p = this.p
    const [s, suffix] = this.resolve(p.metricName)
    s.hasSamples = true
    const type = s.family.type
    if (type !== 'histogram' && type !== 'summary') {
      const m: Metric = { labels: p.labelRecord(), value: p.value }
      if (p.timestampMs !== undefined) m.timestampMs = p.timestampMs
      s.family.metrics.push(m)
      return
    }
    if (suffix === '' && type === 'histogram') {
      this.fail(`histogram "${p.metricName}" samples must be named ${p.metricName}_bucket, _sum or _count`)
    }
    // As in Go's parser, `le` (histograms) or `quantile` (summaries) never joins the labels, whichever
    // sample carries it: `a_sum{le="1"}` belongs to the same metric as `a_sum`.
    const bound = type === 'histogram' ? 'le' : 'quantile'
    const m = this.groupMetric(s, bound)
    const part = (m.histogram ?? m.summary) as HistogramValue | SummaryValue
    if (suffix === '_sum') part.sum = p.value
    else if (suffix === '_count') part.count = p.value
    else {
      const text = this.labelValue(bound)
      const b = text === undefined ? undefined : parseBound(text)
      if (b === undefined)
        this.fail(
          `expected a numeric "${bound}" label on "${p.metricName}", found ${text === undefined ? 'none' : JSON.stringify(text)}`,
        )
      if (m.histogram !== undefined) m.histogram.buckets.push({ upperBound: b, cumulativeCount: p.value })
      else m.summary?.quantiles.push({ quantile: b, value: p.value })
    }
  }

  private labelValue(name: string): string | undefined {
    const p = this.p
    for (let i = 0; i < p.labelCount; i++) if (p.labelNames[i] === name) return p.labelValues[i]
    return undefined
  }

  /** The histogram or summary metric of this sample's label group (labels minus `le`/`quantile`). */
  private groupMetric(s: FamilyState, bound: string): Metric {
    const p = this.p
    const labels: Record<string, string> = {}
    const pairs: string[] = []
    for (let i = 0; i < p.labelCount; i++) {
      const name = p.labelNames[i] as string
      if (name === bound) continue
      const value = p.labelValues[i] as string
      putLabel(labels, name, value)
      pairs.push(name + '\u0000' + value)
    }
    const key = pairs.sort().join('\u0001')
    let m = s.groups.get(key)
    if (m === undefined) {
      m = { labels }
      if (s.family.type === 'histogram') m.histogram = { count: 0, sum: 0, buckets: [] }
      else m.summary = { count: 0, sum: 0, quantiles: [] }
      if (p.timestampMs !== undefined) m.timestampMs = p.timestampMs
      s.groups.set(key, m)
      s.family.metrics.push(m)
    }
    return m
  }

  private fail(message: string): never {
    throw new ParseError(message, { line: this.p.line, column: 1 })
  }
}

/**
 * Parses Prometheus text format 0.0.4 into families, grouped as Go's text parser groups them:
 * `_bucket`, `_sum` and `_count` samples join a declared histogram (`_sum`, `_count` and quantiles a
 * declared summary), every other sample its own name's family; samples without a TYPE form `unknown`
 * families. A second HELP or TYPE for a name, or a TYPE after the name's samples, is an error.
 * Histogram and summary lines of one label set may be spread out; absent sums and counts read as 0.
 *
 * @throws ParseError with the line and column of the first problem.
 */
export function parseText(input: string): MetricFamily[] {
  const p = new TextStreamParser(input)
  const out = new TextAssembler(p)
  for (let kind = p.next(); kind !== null; kind = p.next()) {
    if (kind === 'series') out.series()
    else if (kind === 'help') out.help()
    else if (kind === 'type') out.type()
  }
  return out.families
}
