import { parseDuration } from '../parser/durations.js'
import { scriptDuration } from './script-duration.js'
import { ScriptSyntaxError } from './script-error.js'
import type { ScriptLine } from './script-parser.js'
import { parseSeriesLabels, parseSeriesLine } from './series-line.js'
import type { LoadCommand, LoadSeries } from './script-types.js'

/** Parses a `load` block: series lines, repeated label sets replacing earlier ones, `@st` lines. */
export function parseLoad(head: ScriptLine, body: ScriptLine[]): LoadCommand {
  const parts = head.text.split(/\s+/)
  const word = parts[0] as string
  if ((word !== 'load' && word !== 'load_with_nhcb') || parts.length !== 2) {
    throw new ScriptSyntaxError(`cannot parse load command ${JSON.stringify(head.text)}`, head.no)
  }
  const command: LoadCommand = {
    kind: 'load',
    line: head.no,
    intervalMs: scriptDuration(parts[1], head.no, 'load interval'),
    withNhcb: word === 'load_with_nhcb',
    series: [],
  }
  let pendingStart: { offsets: (number | undefined)[]; line: number; labels: string } | undefined
  for (const { no, text } of body) {
    const first = text.split(/\s+/)[0] as string
    if (first.endsWith('@st')) {
      if (pendingStart !== undefined)
        throw new ScriptSyntaxError('@st line not followed by its series', pendingStart.line)
      const labelText = first.slice(0, -3)
      const rest = text.slice(first.length).trim()
      pendingStart = {
        offsets: expandStartOffsets(rest, no),
        line: no,
        labels: parseSeriesLabels(labelText, no).labels.toString(),
      }
      continue
    }
    const parsed = parseSeriesLine(text, no)
    const series: LoadSeries = { ...parsed, line: no }
    if (pendingStart !== undefined) {
      if (
        pendingStart.labels !== parsed.labels.toString() ||
        pendingStart.offsets.length !== parsed.values.length
      ) {
        throw new ScriptSyntaxError('@st line does not match the series after it', pendingStart.line)
      }
      series.startOffsetsMs = pendingStart.offsets
      pendingStart = undefined
    }
    // A repeated label set replaces the earlier line.
    const existing = command.series.findIndex((s) => s.labels.equals(parsed.labels))
    if (existing >= 0) command.series.splice(existing, 1)
    command.series.push(series)
  }
  if (pendingStart !== undefined)
    throw new ScriptSyntaxError('@st line not followed by its series', pendingStart.line)
  return command
}

const OFFSET = /^([+-]?)(\d+)(ms|[smhdwy])?$/

function signedOffset(text: string, line: number): number {
  const m = OFFSET.exec(text)
  if (m === null || (m[3] === undefined && m[2] !== '0')) {
    throw new ScriptSyntaxError(`cannot parse start-timestamp offset ${JSON.stringify(text)}`, line)
  }
  const ms = m[3] === undefined ? 0 : parseDuration(`${m[2]}${m[3]}`)
  return m[1] === '-' ? -ms : ms
}

/** Expands an `@st` line: `_`, `_xN`, `D`, `DxN`, `D+ExN`, `D-ExN` with signed single-unit durations. */
function expandStartOffsets(text: string, line: number): (number | undefined)[] {
  const out: (number | undefined)[] = []
  for (const item of text.split(/\s+/).filter((s) => s !== '')) {
    const omitted = /^_(?:x(\d+))?$/.exec(item)
    if (omitted !== null) {
      for (let i = 0; i < (omitted[1] === undefined ? 1 : Number(omitted[1])); i++) out.push(undefined)
      continue
    }
    const m = /^([+-]?\d+(?:ms|[smhdwy])?)(?:([+-])(\d+(?:ms|[smhdwy])?))?(?:x(\d+))?$/.exec(item)
    if (m === null)
      throw new ScriptSyntaxError(`cannot parse start-timestamp item ${JSON.stringify(item)}`, line)
    const base = signedOffset(m[1] as string, line)
    const step = m[3] === undefined ? 0 : signedOffset(m[3], line) * (m[2] === '-' ? -1 : 1)
    const times = m[4] === undefined ? 0 : Number(m[4])
    for (let i = 0; i <= times; i++) out.push(base + i * step)
  }
  return out
}
