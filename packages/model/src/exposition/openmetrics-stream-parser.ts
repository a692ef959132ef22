import type { Exemplar, MetricType } from '../metric-family.js'
import { openMetricsSampleProblem } from './openmetrics-sample-rules.js'
import { SeriesScanner } from './series-scanner.js'
import { putLabel } from './text-scanner.js'
import { decodeUtf8 } from './text-decode-utf8.js'

/** What {@link OpenMetricsStreamParser.next} (and the text parser's) found on the line it consumed. */
export type EntryKind = 'series' | 'type' | 'help' | 'unit' | 'comment' | 'eof'

/** The sample-name suffixes each OpenMetrics type owns, as the conformance suite's parser has them. */
export const OPENMETRICS_SUFFIXES: Readonly<Record<MetricType, readonly string[]>> = {
  counter: ['_total', '_created'],
  summary: ['', '_count', '_sum', '_created'],
  histogram: ['_count', '_sum', '_bucket', '_created'],
  gaugehistogram: ['_gcount', '_gsum', '_bucket'],
  info: ['_info'],
  gauge: [''],
  stateset: [''],
  unknown: [''],
}

const OPENMETRICS_TYPES: ReadonlySet<string> = new Set(Object.keys(OPENMETRICS_SUFFIXES))
const NEWLINE = 10
const SPACE = 32
const HASH = 35

function codePoints(s: string): number {
  let n = s.length
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xdc00 && c <= 0xdfff) n--
  }
  return n
}

function unescapeHelp(s: string): string {
  if (!s.includes('\\')) return s
  return s.replace(/\\([\\n"])/g, (_, e: string) => (e === 'n' ? '\n' : e))
}

/**
 * A pull parser for OpenMetrics 1.0 text: each {@link next} consumes one line and the accessors
 * describe it until the next call. It enforces everything decidable from one line plus the current
 * family's metadata: syntax, `# EOF` last, no blank lines, metadata once and before samples, type
 * and unit rules, families neither interleaved nor clashing, value rules per type (counter-like
 * values, info, stateset, `le`, `quantile`), exemplar placement and size. Rules spanning several
 * lines of a family (grouping, timestamps within a group, bucket order) are checked by
 * {@link parseOpenMetrics}.
 *
 * Labels are exposed through reused arrays (`labelNames`/`labelValues`, valid up to `labelCount`),
 * so a scraper can read them without allocating; {@link labelRecord} and {@link labels} copy.
 */
export class OpenMetricsStreamParser extends SeriesScanner {
  /** HELP text (unescaped), for `help` entries. */
  help = ''
  /** Unit, for `unit` entries. */
  unit = ''
  /** The series part of the sample line (name and labels) exactly as written: a cheap identity for scrape caches. */
  seriesText = ''
  /** Sample value of the current series. */
  value = 0
  /** Sample timestamp in milliseconds, when the line has one. */
  timestampMs: number | undefined = undefined
  /** The exemplar on the current series, when present (allocated only then). */
  exemplar: Exemplar | undefined = undefined
  /** Name of the family the current entry belongs to (`a` for the series `a_total`). */
  familyName = ''
  /** Declared type of the current family; `unknown` until a TYPE line says otherwise. */
  familyType: MetricType = 'unknown'
  /** The current series' name minus the family name: `_total`, `_bucket`, `''`, … */
  suffix = ''
  /** Increments whenever a new family starts, so consumers can detect family boundaries. */
  familySeq = 0

  private hasType = false
  private hasHelp = false
  private hasUnit = false
  private familyUnit = ''
  private hasSamples = false
  private finished = false
  private readonly seenNames = new Set<string>()
  private readonly exemplarNames: string[] = []
  private readonly exemplarValues: string[] = []

  /** Parses `input`; bytes are decoded as UTF-8 and malformed UTF-8 is a ParseError. */
  constructor(input: string | Uint8Array) {
    super(typeof input === 'string' ? input : decodeUtf8(input), false)
  }

  /** Type of the current family, for `type` entries. */
  get type(): MetricType {
    return this.familyType
  }

  /** Consumes the next line; `null` once `# EOF` has been returned. Throws ParseError on bad input. */
  next(): EntryKind | null {
    if (this.finished) return null
    const src = this.src
    this.lineNo++
    this.lineStart = this.pos
    if (this.pos >= src.length) this.fail('expected "# EOF" as the last line, found end of input')
    const c = src.charCodeAt(this.pos)
    if (c === HASH) return this.parseHashLine()
    if (c === NEWLINE) this.fail('expected a sample or metadata, found a blank line')
    this.parseSample()
    return 'series'
  }

  private parseHashLine(): EntryKind {
    const src = this.src
    if (src.startsWith('# EOF', this.pos)) {
      const after = this.pos + 5
      if (after === src.length || (src.charCodeAt(after) === NEWLINE && after + 1 === src.length)) {
        this.endFamily()
        this.finished = true
        return 'eof'
      }
      if (src.charCodeAt(after) !== NEWLINE)
        this.fail(`expected end of line after "# EOF", found ${this.found(after)}`, after)
      this.lineNo++
      this.lineStart = after + 1
      this.fail('expected end of input after "# EOF"', after + 1)
    }
    this.pos++
    this.expectChar(SPACE, 'a space after "#" (OpenMetrics has no comments)')
    const keyword = src.slice(this.pos, this.pos + 4)
    let kind: 'help' | 'type' | 'unit'
    if (keyword === 'HELP') kind = 'help'
    else if (keyword === 'TYPE') kind = 'type'
    else if (keyword === 'UNIT') kind = 'unit'
    else
      this.fail(
        `expected HELP, TYPE, UNIT or EOF after "# ", found ${JSON.stringify(src.slice(this.pos, this.tokenEnd(this.pos)))}`,
      )
    this.pos += 4
    this.expectChar(SPACE, `a space after ${keyword}`)
    const name = this.scanMetricName()
    this.expectChar(SPACE, `a space after metric name "${name}"`)
    const textStart = this.pos
    let end = src.indexOf('\n', textStart)
    if (end === -1) end = src.length
    this.pos = end + 1
    this.metadata(kind, name, src.slice(textStart, end), textStart)
    return kind
  }

  private metadata(kind: 'help' | 'type' | 'unit', name: string, text: string, textAt: number): void {
    this.metricName = name
    if (this.familySeq === 0 || name !== this.familyName) this.startFamily(name)
    else if (this.hasSamples) this.fail(`metadata for "${name}" must come before its samples`, this.lineStart)
    if (kind === 'help') {
      if (this.hasHelp) this.fail(`second HELP line for "${name}"`, this.lineStart)
      this.hasHelp = true
      this.help = unescapeHelp(text)
    } else if (kind === 'type') {
      if (this.hasType) this.fail(`second TYPE line for "${name}"`, this.lineStart)
      if (!OPENMETRICS_TYPES.has(text))
        this.fail(
          `expected a metric type (counter, gauge, histogram, gaugehistogram, stateset, info, summary, unknown), found ${JSON.stringify(text)}`,
          textAt,
        )
      this.hasType = true
      this.familyType = text as MetricType
    } else {
      if (this.hasUnit) this.fail(`second UNIT line for "${name}"`, this.lineStart)
      if (!/^[a-zA-Z0-9_:]*$/.test(text))
        this.fail(`expected a unit made of metric name characters, found ${JSON.stringify(text)}`, textAt)
      if (text !== '' && !name.endsWith('_' + text))
        this.fail(`unit "${text}" must be a suffix of the metric name "${name}"`, textAt)
      this.hasUnit = true
      this.familyUnit = text
      this.unit = text
    }
    if (this.familyUnit !== '' && (this.familyType === 'info' || this.familyType === 'stateset')) {
      this.fail(`${this.familyType} metric "${name}" cannot have a unit`, this.lineStart)
    }
  }

  private startFamily(name: string): void {
    this.endFamily()
    if (this.seenNames.has(name))
      this.fail(`metric family "${name}" appears twice or clashes with an earlier family`, this.lineStart)
    this.familyName = name
    this.familyType = 'unknown'
    this.familyUnit = ''
    this.hasType = this.hasHelp = this.hasUnit = this.hasSamples = false
    this.familySeq++
  }

  /** Reserves every series name the finished family owns, so a later family cannot reuse one. */
  private endFamily(): void {
    if (this.familySeq === 0) return
    const suffixes = OPENMETRICS_SUFFIXES[this.familyType]
    const names = suffixes.includes('') ? suffixes : ['', ...suffixes]
    for (const suffix of names) {
      const n = this.familyName + suffix
      if (this.seenNames.has(n))
        this.fail(
          `series name "${n}" of family "${this.familyName}" clashes with an earlier family`,
          this.lineStart,
        )
      this.seenNames.add(n)
    }
  }

  private parseSample(): void {
    const src = this.src
    const lineAt = this.pos
    const name = this.scanMetricName()
    this.metricName = name
    this.labelCount =
      src.charCodeAt(this.pos) === 123 /* { */ ? this.scanLabels(this.labelNames, this.labelValues) : 0
    this.seriesText = src.slice(lineAt, this.pos)
    this.expectChar(SPACE, 'a space before the sample value')
    const valueAt = this.pos
    let end = this.tokenEnd(valueAt)
    this.value = this.parseFloatToken(valueAt, end, true, 'sample value')
    this.timestampMs = undefined
    this.exemplar = undefined
    if (src.charCodeAt(end) === SPACE && src.charCodeAt(end + 1) !== HASH) {
      const tsAt = end + 1
      end = this.tokenEnd(tsAt)
      this.timestampMs = this.secondsToken(tsAt, end, 'timestamp')
    }
    this.pos = end
    if (src.charCodeAt(end) === SPACE) this.parseExemplar()
    this.endLine()
    this.resolveFamily()
    const problem = openMetricsSampleProblem(this)
    if (problem !== undefined) this.fail(problem, valueAt)
  }

  private secondsToken(start: number, end: number, what: string): number {
    const ms = Math.round(this.parseFloatToken(start, end, false, what) * 1000)
    // A literal too large for a double reads as ±Inf, which no timestamp can be (Go's ParseFloat refuses it).
    if (!Number.isFinite(ms))
      this.fail(`${what} out of range: ${JSON.stringify(this.src.slice(start, end))}`, start)
    return ms
  }

  private endLine(): void {
    const c = this.src.charCodeAt(this.pos)
    if (c === NEWLINE) this.pos++
    else if (this.pos < this.src.length) this.fail(`expected end of line, found ${this.found()}`)
  }

  private parseExemplar(): void {
    const src = this.src
    this.pos++
    this.expectChar(HASH, '"#" starting an exemplar')
    this.expectChar(SPACE, 'a space after "#" of an exemplar')
    if (src.charCodeAt(this.pos) !== 123)
      this.fail(`expected "{" opening exemplar labels, found ${this.found()}`)
    const labelsAt = this.pos
    const n = this.scanLabels(this.exemplarNames, this.exemplarValues)
    const labels: Record<string, string> = {}
    let chars = 0
    for (let i = 0; i < n; i++) {
      const ln = this.exemplarNames[i] as string
      const lv = this.exemplarValues[i] as string
      putLabel(labels, ln, lv)
      chars += codePoints(ln) + codePoints(lv)
    }
    if (chars > 128)
      this.fail(`exemplar labels have ${chars} characters, more than the 128 allowed`, labelsAt)
    this.expectChar(SPACE, 'a space before the exemplar value')
    const valueAt = this.pos
    let end = this.tokenEnd(valueAt)
    const exemplar: Exemplar = { labels, value: this.parseFloatToken(valueAt, end, true, 'exemplar value') }
    if (src.charCodeAt(end) === SPACE) {
      const tsAt = end + 1
      end = this.tokenEnd(tsAt)
      exemplar.timestampMs = this.secondsToken(tsAt, end, 'exemplar timestamp')
    }
    this.pos = end
    this.exemplar = exemplar
  }

  /** Attaches the series to the current family if its name is one the family owns, else starts an unknown family. */
  private resolveFamily(): void {
    const name = this.metricName
    const family = this.familyName
    const owned =
      this.familySeq !== 0 &&
      name.startsWith(family) &&
      OPENMETRICS_SUFFIXES[this.familyType].includes(name.slice(family.length))
    if (!owned) this.startFamily(name)
    this.suffix = name.slice(this.familyName.length)
    this.hasSamples = true
  }
}
