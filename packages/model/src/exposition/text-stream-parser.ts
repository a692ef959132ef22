import type { MetricType } from '../metric-family.js'
import type { EntryKind } from './openmetrics-stream-parser.js'
import { SeriesScanner } from './series-scanner.js'

const NEWLINE = 10
const HASH = 35

/** TYPE words of text format 0.0.4 and the model type each means. */
const TEXT_TYPES: ReadonlyMap<string, MetricType> = new Map<string, MetricType>([
  ['counter', 'counter'],
  ['gauge', 'gauge'],
  ['histogram', 'histogram'],
  ['summary', 'summary'],
  ['untyped', 'unknown'],
])

function unescapeHelp(s: string): string {
  if (!s.includes('\\')) return s
  return s.replace(/\\([\\n])/g, (_, e: string) => (e === 'n' ? '\n' : '\\'))
}

function isInteger(s: string): boolean {
  let i = s.charCodeAt(0) === 43 || s.charCodeAt(0) === 45 ? 1 : 0
  if (i === s.length) return false
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 48 || c > 57) return false
  }
  return true
}

/**
 * A pull parser for Prometheus text format 0.0.4, as lenient as Prometheus's own scrape parser about
 * layout (blank lines, blanks and tabs between tokens, a trailing comma in label sets, any `#` line
 * that is not HELP or TYPE is a comment) and strict about tokens: names, quoted values, floats
 * (decimal, `Inf`, `NaN`; no hex) and integer millisecond timestamps.
 *
 * Each {@link next} consumes one entry; the accessors describe it until the next call. Labels are
 * exposed through reused arrays (`labelNames`/`labelValues`, valid up to `labelCount`).
 */
export class TextStreamParser extends SeriesScanner {
  /** HELP text (unescaped), for `help` entries. */
  help = ''
  /** Declared type, for `type` entries (`untyped` reads as `unknown`). */
  type: MetricType = 'unknown'
  /** Text after `#`, for `comment` entries. */
  comment = ''
  /** Where the current series' text (name and labels as written) starts and ends in the input. */
  seriesStart = 0
  seriesEnd = 0
  /** Sample value of the current series. */
  value = 0
  /** Sample timestamp in milliseconds, when the line has one. */
  timestampMs: number | undefined = undefined

  private readonly deferLabels: boolean
  /** Where the unparsed label set of the current series starts (its `{`), or -1 once parsed. */
  private labelsAt = -1
  /** True while the current series' name (and labels, if `labelsAt` is set) is unread. */
  private namePending = false
  /** Where the current series' name ends. */
  private nameEnd = 0

  /**
   * Parses `input`, a whole text-format exposition. With `deferLabels`, a series' name and labels are
   * only located, not read: call {@link parseLabels} before using `metricName` or the label arrays of
   * a series. A scrape cache that already knows the series text skips that work altogether; input
   * errors are still reported exactly as without deferral.
   */
  constructor(input: string, options: { deferLabels?: boolean } = {}) {
    super(input, true)
    this.deferLabels = options.deferLabels === true
  }

  /** The series part of the sample line (name and labels) exactly as written: a cheap identity for scrape caches. */
  get seriesText(): string {
    return this.src.slice(this.seriesStart, this.seriesEnd)
  }

  /** True if the current series is written exactly as `text` (V8 compares a slice faster than startsWith does). */
  seriesTextIs(text: string): boolean {
    return text.length === this.seriesEnd - this.seriesStart && this.seriesText === text
  }

  /** Reads the current series' name and labels if they were deferred; throws ParseError if they are bad. */
  parseLabels(): void {
    if (!this.namePending) return
    this.namePending = false
    this.metricName = this.src.slice(this.seriesStart, this.nameEnd)
    if (this.labelsAt === -1) return
    const resume = this.pos
    this.pos = this.labelsAt
    this.labelsAt = -1
    this.labelCount = this.scanLabels(this.labelNames, this.labelValues)
    this.pos = resume
  }

  /** Consumes the next entry, skipping blank lines; `null` at the end. Throws ParseError on bad input. */
  next(): Exclude<EntryKind, 'unit' | 'eof'> | null {
    const src = this.src
    for (;;) {
      if (this.pos >= src.length) return null
      this.lineNo++
      this.lineStart = this.pos
      this.skipBlanks()
      const c = src.charCodeAt(this.pos)
      if (c === NEWLINE) {
        this.pos++
        continue
      }
      if (this.pos >= src.length) return null
      if (c === HASH) return this.parseHashLine()
      this.parseSample()
      return 'series'
    }
  }

  private restOfLine(): string {
    const start = this.pos
    let end = this.src.indexOf('\n', start)
    if (end === -1) end = this.src.length
    this.pos = end === this.src.length ? end : end + 1
    return this.src.slice(start, end)
  }

  private parseHashLine(): 'help' | 'type' | 'comment' {
    const src = this.src
    const commentStart = ++this.pos
    this.skipBlanks()
    const keyword = src.slice(this.pos, this.pos + 4)
    const after = src.charCodeAt(this.pos + 4)
    if ((keyword !== 'HELP' && keyword !== 'TYPE') || (after !== 32 && after !== 9)) {
      this.pos = commentStart
      this.comment = this.restOfLine()
      return 'comment'
    }
    this.pos += 4
    this.skipBlanks()
    this.metricName = this.scanMetricName()
    if (keyword === 'HELP') {
      const c = src.charCodeAt(this.pos)
      if (c !== NEWLINE && this.pos < src.length) {
        if (c !== 32 && c !== 9)
          this.fail(`expected a space after metric name "${this.metricName}", found ${this.found()}`)
        this.skipBlanks()
      }
      this.help = unescapeHelp(this.restOfLine())
      return 'help'
    }
    this.skipBlanks()
    const typeAt = this.pos
    const word = src.slice(typeAt, this.tokenEnd(typeAt))
    const type = TEXT_TYPES.get(word)
    if (type === undefined) {
      this.fail(
        `expected a metric type (counter, gauge, histogram, summary, untyped), found ${word === '' ? this.found() : JSON.stringify(word)}`,
      )
    }
    this.type = type
    this.pos = typeAt + word.length
    this.endLine()
    return 'type'
  }

  private endLine(): void {
    this.skipBlanks()
    const c = this.src.charCodeAt(this.pos)
    if (c === NEWLINE) this.pos++
    else if (this.pos < this.src.length) this.fail(`expected end of line, found ${this.found()}`)
  }

  private parseSample(): void {
    const src = this.src
    this.seriesStart = this.pos
    this.labelsAt = -1
    this.namePending = this.deferLabels
    if (this.deferLabels) this.pos = this.skipMetricName()
    else this.metricName = this.scanMetricName()
    this.nameEnd = this.pos
    let mark = this.pos
    this.skipBlanks()
    this.labelCount = 0
    if (src.charCodeAt(this.pos) === 123 /* { */) {
      const end = this.deferLabels ? this.skipLabelSet(this.pos) : -1
      if (end === -1) {
        this.parseLabels()
        this.labelCount = this.scanLabels(this.labelNames, this.labelValues)
      } else {
        this.labelsAt = this.pos
        this.pos = end
      }
      mark = this.pos
      this.skipBlanks()
    }
    this.seriesEnd = mark
    if (!this.namePending) {
      this.parseValueAndTimestamp(mark)
      return
    }
    try {
      this.parseValueAndTimestamp(mark)
    } catch (err) {
      // A bad label set is reported before a bad value, as when labels are read eagerly.
      this.parseLabels()
      throw err
    }
  }

  /** Skips a metric name, failing as {@link scanMetricName} does; returns where it ends. */
  private skipMetricName(): number {
    const start = this.pos
    const src = this.src
    let p = start
    for (;;) {
      const c = src.charCodeAt(p)
      if (
        !(c >= 97 && c <= 122) &&
        !(c >= 65 && c <= 90) &&
        c !== 95 &&
        c !== 58 &&
        !(p > start && c >= 48 && c <= 57)
      )
        break
      p++
    }
    if (p === start) this.scanMetricName()
    return p
  }

  /**
   * The end of the label set whose `{` is at `start`, found by skipping quoted values; -1 when the
   * line ends first, so the full scanner reports the problem.
   */
  private skipLabelSet(start: number): number {
    const src = this.src
    let p = start + 1
    for (;;) {
      const c = src.charCodeAt(p)
      if (c === 125 /* } */) return p + 1
      if (c === NEWLINE || p >= src.length) return -1
      if (c === 34 /* " */) {
        for (p++; ; p++) {
          const q = src.charCodeAt(p)
          if (q === 34) break
          if (q === NEWLINE || p >= src.length) return -1
          if (q === 92 /* \ */) {
            if (src.charCodeAt(p + 1) === NEWLINE) return -1
            p++
          }
        }
      }
      p++
    }
  }

  private parseValueAndTimestamp(mark: number): void {
    const src = this.src
    if (this.pos === mark) this.fail(`expected a space before the sample value, found ${this.found()}`)
    const valueAt = this.pos
    let end = this.tokenEnd(valueAt)
    this.value = this.parseFloatToken(valueAt, end, true, 'sample value')
    this.pos = end
    this.skipBlanks()
    this.timestampMs = undefined
    if (this.pos < src.length && src.charCodeAt(this.pos) !== NEWLINE) {
      const tsAt = this.pos
      end = this.tokenEnd(tsAt)
      const token = src.slice(tsAt, end)
      const ts = Number(token)
      if (!isInteger(token) || !Number.isSafeInteger(ts)) {
        this.fail(`expected a timestamp in integer milliseconds, found ${JSON.stringify(token)}`, tsAt)
      }
      this.timestampMs = ts
      this.pos = end
    }
    this.endLine()
  }
}
