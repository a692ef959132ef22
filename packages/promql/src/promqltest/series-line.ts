import { Labels } from '@watchfire/model'
import { unquoteString } from '../parser/strings.js'
import { addHistograms, HistogramMathError } from './histogram-math.js'
import { parseHistogramLiteral } from './histogram-literal.js'
import { ScriptSyntaxError } from './script-error.js'
import { parseSignedNumber } from './signed-number.js'
import type { NativeHistogram } from '@watchfire/model'

/** One position of an expanded value sequence. */
export type SequenceValue =
  | { readonly kind: 'omitted' }
  | { readonly kind: 'stale' }
  | { readonly kind: 'float'; readonly v: number }
  | { readonly kind: 'histogram'; readonly h: NativeHistogram; readonly hintSpecified: boolean }

/** A series line: its label set and its expanded values (position i is at `start + i·step`). */
export interface SeriesLine {
  labels: Labels
  values: SequenceValue[]
}

const OMITTED: SequenceValue = { kind: 'omitted' }
const STALE: SequenceValue = { kind: 'stale' }

const NAME_START = /[A-Za-z_:]/
const NAME = /^[A-Za-z_:][A-Za-z0-9_:]*/
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*/
const QUOTED = /^(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)/

/** Parses `metric{a="b"} 1+1x3 _ stale {{count:1}}` (the label part may be absent or `{}`). */
export function parseSeriesLine(text: string, line: number): SeriesLine {
  const { labels, rest } = parseSeriesLabels(text, line)
  return { labels, values: expandValues(rest, line) }
}

/** Splits off and parses the label part; `rest` is the remaining value text. */
export function parseSeriesLabels(text: string, line: number): { labels: Labels; rest: string } {
  const fail = (why: string): never => {
    throw new ScriptSyntaxError(`cannot parse series ${JSON.stringify(text)} (${why})`, line)
  }
  const record: Record<string, string> = {}
  let pos = 0
  const name = NAME.exec(text)
  if (name !== null && NAME_START.test(text[0] ?? '') && !isValueToken(text, name[0])) {
    record['__name__'] = name[0]
    pos = name[0].length
  }
  if (text[pos] === '{' && text[pos + 1] !== '{') {
    pos++
    for (;;) {
      pos = skipSpaces(text, pos)
      if (text[pos] === '}') break
      let labelName: string
      const quoted = QUOTED.exec(text.slice(pos))
      if (quoted !== null) {
        labelName = unquoteString(quoted[0])
        pos = skipSpaces(text, pos + quoted[0].length)
        if (text[pos] !== '=') {
          // A lone quoted string is the metric name: {"my.metric", a="b"}.
          record['__name__'] = labelName
          pos = afterComma(text, pos, fail)
          continue
        }
      } else {
        const m = LABEL_NAME.exec(text.slice(pos)) ?? fail(`expected a label name at column ${pos + 1}`)
        labelName = m[0]
        pos = skipSpaces(text, pos + m[0].length)
      }
      if (text[pos] !== '=') fail(`expected = after label ${labelName}`)
      pos = skipSpaces(text, pos + 1)
      const value = QUOTED.exec(text.slice(pos)) ?? fail(`expected a quoted value for label ${labelName}`)
      record[labelName] = unquoteString(value[0])
      pos = afterComma(text, pos + value[0].length, fail)
    }
    pos++
  }
  if (pos < text.length && !/\s/.test(text[pos] as string)) fail(`unexpected ${JSON.stringify(text[pos])}`)
  return { labels: Labels.fromRecord(record), rest: text.slice(pos).trim() }
}

function skipSpaces(text: string, pos: number): number {
  while (text[pos] === ' ' || text[pos] === '\t') pos++
  return pos
}

function afterComma(text: string, pos: number, fail: (why: string) => never): number {
  pos = skipSpaces(text, pos)
  if (text[pos] === ',') return pos + 1
  if (text[pos] !== '}') fail(`expected , or } at column ${pos + 1}`)
  return pos
}

/** Words that start a value sequence rather than name a metric. */
function isValueToken(text: string, word: string): boolean {
  if (text[word.length] === '{' && text[word.length + 1] !== '{') return false
  return /^(?:_(?:x\d+)?|stale|[+-]?inf|nan)$/i.test(word) || /^_x\d+/.test(word)
}

const NUM = String.raw`[+-]?(?:[Ii][Nn][Ff]|[Nn][Aa][Nn]|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?)`
const FLOAT_ITEM = new RegExp(String.raw`^(${NUM})(?:([+-])(${NUM.slice(5)}))?(?:x(\d+))?$`)

/** Expands a whitespace-separated value sequence (section 5.2 of SYNTAX.md). */
export function expandValues(text: string, line: number): SequenceValue[] {
  const out: SequenceValue[] = []
  for (const item of splitItems(text, line)) expandItem(item, line, out)
  return out
}

function splitItems(text: string, line: number): string[] {
  const items: string[] = []
  let pos = 0
  while (pos < text.length) {
    pos = skipSpaces(text, pos)
    if (pos >= text.length) break
    const start = pos
    while (pos < text.length && text[pos] !== ' ' && text[pos] !== '\t') {
      if (text.startsWith('{{', pos)) {
        const end = text.indexOf('}}', pos)
        if (end < 0)
          throw new ScriptSyntaxError(`cannot parse values (unclosed {{ in ${JSON.stringify(text)})`, line)
        pos = end + 2
      } else pos++
    }
    items.push(text.slice(start, pos))
  }
  return items
}

function expandItem(item: string, line: number, out: SequenceValue[]): void {
  const fail = (why: string): never => {
    throw new ScriptSyntaxError(`cannot parse value ${JSON.stringify(item)} (${why})`, line)
  }
  if (item === '_') return void out.push(OMITTED)
  if (item === 'stale') return void out.push(STALE)
  const omitted = /^_x(\d+)$/.exec(item)
  if (omitted !== null) {
    for (let i = 0; i < Number(omitted[1]); i++) out.push(OMITTED)
    return
  }
  if (item.startsWith('{{')) return expandHistogramItem(item, line, out, fail)
  const m = FLOAT_ITEM.exec(item) ?? fail('not a number, _, stale or histogram')
  const base = parseFloatItem(m[1] as string, fail)
  const times = m[4] === undefined ? 0 : Number(m[4])
  if (m[2] !== undefined && m[4] === undefined) fail('a+b needs a repeat count: a+bxN')
  const delta = m[3] === undefined ? 0 : parseFloatItem(m[3], fail) * (m[2] === '-' ? -1 : 1)
  let v = base
  for (let i = 0; i <= times; i++) {
    out.push({ kind: 'float', v })
    if (m[2] !== undefined) v += delta
  }
}

function expandHistogramItem(
  item: string,
  line: number,
  out: SequenceValue[],
  fail: (why: string) => never,
): void {
  const m =
    /^\{\{(.*?)\}\}(?:([+-])\{\{(.*?)\}\})?(?:x(\d+))?$/.exec(item) ?? fail('malformed histogram item')
  const base = parseHistogramLiteral(m[1] as string, line)
  const times = m[4] === undefined ? 0 : Number(m[4])
  if (m[2] === undefined) {
    for (let i = 0; i <= times; i++)
      out.push({ kind: 'histogram', h: base.h, hintSpecified: base.hintSpecified })
    return
  }
  if (m[4] === undefined) fail('{{A}}+{{B}} needs a repeat count: {{A}}+{{B}}xN')
  const step = parseHistogramLiteral(m[3] as string, line)
  let h = base.h
  for (let i = 0; i <= times; i++) {
    out.push({ kind: 'histogram', h, hintSpecified: step.hintSpecified })
    try {
      h = addHistograms(h, step.h, m[2] === '-' ? -1 : 1)
    } catch (err) {
      if (err instanceof HistogramMathError) fail(err.message)
      throw err
    }
  }
}

function parseFloatItem(text: string, fail: (why: string) => never): number {
  try {
    return parseSignedNumber(text)
  } catch {
    return fail(`bad number ${JSON.stringify(text)}`)
  }
}
