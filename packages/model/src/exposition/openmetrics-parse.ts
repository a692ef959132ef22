import { ParseError } from '../errors.js'
import type { LabelRecord, MetricFamily } from '../metric-family.js'
import { MetricRun } from './openmetrics-metric-run.js'
import { OpenMetricsStreamParser } from './openmetrics-stream-parser.js'
import { putLabel } from './text-scanner.js'

/** The label a sample's group ignores: `le` on buckets, `quantile` on summary quantiles, the state on statesets. */
function ignoredLabel(p: OpenMetricsStreamParser): string | undefined {
  if (p.suffix === '_bucket') return 'le'
  if (p.familyType === 'summary' && p.suffix === '') return 'quantile'
  if (p.familyType === 'stateset') return p.familyName
  return undefined
}

/** A key identifying the sample's group, independent of label order. */
function groupKey(p: OpenMetricsStreamParser, ignored: string | undefined): string {
  if (p.familyType === 'info') return ''
  const pairs: string[] = []
  for (let i = 0; i < p.labelCount; i++) {
    const name = p.labelNames[i] as string
    if (name !== ignored) pairs.push(name + '\u0000' + (p.labelValues[i] as string))
  }
  return pairs.sort().join('\u0001')
}

function labelsWithout(p: OpenMetricsStreamParser, ignored: string | undefined): LabelRecord {
  const out: Record<string, string> = {}
  for (let i = 0; i < p.labelCount; i++) {
    const name = p.labelNames[i] as string
    if (name !== ignored) putLabel(out, name, p.labelValues[i] as string)
  }
  return out
}

function boundOf(p: OpenMetricsStreamParser, name: string | undefined): string | undefined {
  for (let i = 0; i < p.labelCount; i++) if (p.labelNames[i] === name) return p.labelValues[i]
  return undefined
}

/** Assembles families from the stream and checks the rules that span lines of one family. */
class FamilyAssembler {
  readonly families: MetricFamily[] = []
  private family: MetricFamily | undefined
  private seq = 0
  private readonly seenGroups = new Set<string>()
  private group: string | undefined
  private groupTs: number | undefined
  private run: MetricRun | undefined
  private runLine = 0

  constructor(private readonly p: OpenMetricsStreamParser) {}

  /** The family of the current entry, starting a new one when the stream moved on. */
  current(): MetricFamily {
    const p = this.p
    if (this.family !== undefined && this.seq === p.familySeq) return this.family
    this.closeRun()
    this.seq = p.familySeq
    this.seenGroups.clear()
    this.group = undefined
    this.family = { name: p.familyName, help: '', type: 'unknown', unit: '', metrics: [] }
    this.families.push(this.family)
    return this.family
  }

  sample(): void {
    const p = this.p
    const f = this.current()
    const ignored = ignoredLabel(p)
    const key = groupKey(p, ignored)
    const ts = p.timestampMs
    if (key === this.group) {
      if ((ts === undefined) !== (this.groupTs === undefined))
        this.fail('samples of one group must all have timestamps or none')
      if (ts !== undefined && this.groupTs !== undefined && ts < this.groupTs && p.familyType !== 'info') {
        this.fail(`timestamp went backwards within the group of "${p.metricName}"`)
      }
    } else if (this.seenGroups.has(key)) {
      this.fail(`samples of one label group of "${p.familyName}" must be contiguous`)
    }
    const newRun = key !== this.group || ts !== this.groupTs
    this.group = key
    this.groupTs = ts
    this.seenGroups.add(key)
    const t = p.familyType
    if (t === 'counter' || t === 'histogram' || t === 'gaugehistogram' || t === 'summary') {
      if (newRun || this.run === undefined) {
        this.closeRun()
        this.run = new MetricRun(t, labelsWithout(p, ignored), ts)
      }
      this.runLine = p.line
      const problem = this.run.add({
        suffix: p.suffix,
        value: p.value,
        bound: boundOf(p, ignored),
        exemplar: p.exemplar,
      })
      if (problem !== undefined) this.fail(problem)
      return
    }
    const m: MetricFamily['metrics'][number] = { labels: p.labelRecord(), value: p.value }
    if (ts !== undefined) m.timestampMs = ts
    f.metrics.push(m)
  }

  closeRun(): void {
    const run = this.run
    if (run === undefined || this.family === undefined) return
    this.run = undefined
    const problem = run.problem()
    if (problem !== undefined) {
      throw new ParseError(`${problem} (family "${this.family.name}")`, { line: this.runLine, column: 1 })
    }
    this.family.metrics.push(run.toMetric())
  }

  /** Names families as the model wants them: counters after their `_total` sample, info after `_info`. */
  finish(): MetricFamily[] {
    this.closeRun()
    for (const f of this.families) {
      if (f.type === 'counter') f.name += '_total'
      else if (f.type === 'info') f.name += '_info'
    }
    return this.families
  }

  private fail(message: string): never {
    throw new ParseError(message, { line: this.p.line, column: 1 })
  }
}

/**
 * Parses OpenMetrics 1.0 text strictly into families, enforcing the specification's rules (those the
 * stream parser checks per line, plus contiguous groups, timestamps not going backwards within a
 * group, ascending cumulative buckets ending in `+Inf`, `_count` equal to the `+Inf` bucket, `_sum`
 * and `_count` together). Counter families are named like their `_total` sample and info families
 * like their `_info` sample; timestamps become integer milliseconds. Exact repeats of a series at
 * the same timestamp within a histogram, summary or counter are dropped, keeping the first.
 *
 * @throws ParseError with the line and column of the first violation.
 */
export function parseOpenMetrics(input: string | Uint8Array): MetricFamily[] {
  const p = new OpenMetricsStreamParser(input)
  const out = new FamilyAssembler(p)
  for (let kind = p.next(); kind !== null; kind = p.next()) {
    switch (kind) {
      case 'series':
        out.sample()
        break
      case 'help':
        out.current().help = p.help
        break
      case 'type':
        out.current().type = p.type
        break
      case 'unit':
        out.current().unit = p.unit
        break
      default:
        break
    }
  }
  return out.finish()
}
