import { parseLoad } from './load-parser.js'
import { scriptDuration } from './script-duration.js'
import { unquoteString } from '../parser/strings.js'
import { searchRegex } from './annotations.js'
import { ScriptSyntaxError } from './script-error.js'
import { parseSignedNumber } from './signed-number.js'
import { parseSeriesLabels, expandValues } from './series-line.js'
import type { EvalCommand, Expectation, ScriptCommand } from './script-types.js'

/** A trimmed script line (comments blanked) with its 1-based number. */
export interface ScriptLine {
  no: number
  text: string
}

/**
 * Parses a whole promqltest script into commands, as upstream does before running anything: any
 * syntax error rejects the file with a ScriptSyntaxError naming the line. PromQL expressions are
 * kept as text for the engine to parse.
 */
export function parseScript(source: string): ScriptCommand[] {
  const lines: ScriptLine[] = source.split('\n').map((raw, i) => {
    const text = raw.trim()
    return { no: i + 1, text: text.startsWith('#') ? '' : text }
  })
  const commands: ScriptCommand[] = []
  let i = 0
  while (i < lines.length) {
    const head = lines[i] as ScriptLine
    if (head.text === '') {
      i++
      continue
    }
    let end = i + 1
    while (end < lines.length && (lines[end] as ScriptLine).text !== '') end++
    const body = lines.slice(i + 1, end)
    const word = (head.text.split(/\s+/)[0] as string).toLowerCase()
    if (word === 'clear') {
      if (head.text.toLowerCase() !== 'clear')
        throw new ScriptSyntaxError(`unexpected text after clear`, head.no)
      commands.push({ kind: 'clear', line: head.no })
      i++
    } else if (word.startsWith('load')) {
      commands.push(parseLoad(head, body))
      i = end
    } else if (word.startsWith('eval')) {
      const { command, consumed } = parseEval(head, body)
      commands.push(command)
      i += 1 + consumed
    } else {
      throw new ScriptSyntaxError(`unknown command ${JSON.stringify(word)}`, head.no)
    }
  }
  return commands
}

function parseEval(head: ScriptLine, body: ScriptLine[]): { command: EvalCommand; consumed: number } {
  const parts = head.text.split(/\s+/)
  const word = parts[0] as string
  const legacy = word.slice('eval'.length)
  if (!['', '_fail', '_warn', '_info', '_ordered'].includes(legacy)) {
    throw new ScriptSyntaxError(`unknown command ${JSON.stringify(word)}`, head.no)
  }
  const fail = (why: string, line = head.no): never => {
    throw new ScriptSyntaxError(`cannot parse eval command (${why})`, line)
  }
  const command: EvalCommand = {
    kind: 'eval',
    line: head.no,
    mode: 'instant',
    expr: '',
    startMs: 0,
    endMs: 0,
    stepMs: 0,
    expectFail:
      legacy === '_fail' ? { type: 'fail', line: head.no, match: { kind: 'any', text: '' } } : undefined,
    warnings: [],
    infos: [],
    noWarn: false,
    noInfo: false,
    legacyWarn: legacy === '_warn',
    legacyInfo: legacy === '_info',
    ordered: legacy === '_ordered',
    rangeVector: undefined,
    expectedString: undefined,
    expectedScalar: undefined,
    series: [],
  }
  let exprAt: number
  if (parts[1] === 'instant' && parts[2] === 'at') {
    command.startMs = command.endMs = scriptDuration(parts[3], head.no, 'evaluation time')
    exprAt = 4
  } else if (parts[1] === 'range' && parts[2] === 'from' && parts[4] === 'to' && parts[6] === 'step') {
    command.mode = 'range'
    command.startMs = scriptDuration(parts[3], head.no, 'range start')
    command.endMs = scriptDuration(parts[5], head.no, 'range end')
    command.stepMs = scriptDuration(parts[7], head.no, 'range step')
    if (command.endMs < command.startMs) fail('range end before start')
    if (command.stepMs <= 0) fail('range step must be positive')
    exprAt = 8
  } else {
    return fail(
      `expected "instant at <time>" or "range from <start> to <end> step <step>" in ${JSON.stringify(head.text)}`,
    )
  }
  if (command.ordered && command.mode === 'range') fail('eval_ordered is only for instant queries')
  command.expr = parts.slice(exprAt).join(' ')
  // Re-take the expression from the original text so inner spacing survives.
  const exprStart = nthTokenOffset(head.text, exprAt)
  if (exprStart >= 0) command.expr = head.text.slice(exprStart)
  if (command.expr === '') fail('missing expression')

  let consumed = 0
  for (const { no, text } of body) {
    consumed++
    if (parseBodyLine(command, no, text, fail)) break
  }
  if (command.warnings.length > 0 && command.noWarn) fail('expect warn and expect no_warn together')
  if (command.infos.length > 0 && command.noInfo) fail('expect info and expect no_info together')
  return { command, consumed }
}

/** Handles one body line; returns true when the line ends the block. */
function parseBodyLine(
  command: EvalCommand,
  no: number,
  text: string,
  fail: (why: string, line?: number) => never,
): boolean {
  const failMessage = /^expected_fail_(message|regexp)\s+(.*)$/.exec(text)
  if (failMessage !== null && command.expectFail !== undefined) {
    command.expectFail = {
      type: 'fail',
      line: no,
      match: {
        kind: failMessage[1] === 'message' ? 'msg' : 'regex',
        text: (failMessage[2] as string).trim(),
      },
    }
    return true
  }
  const range = /^expect range vector from (\S+) to (\S+) step (\S+)$/.exec(text)
  if (range !== null) {
    if (command.mode !== 'instant') fail('expect range vector on a range query', no)
    command.rangeVector = {
      startMs: scriptDuration(range[1], no, 'range vector start'),
      endMs: scriptDuration(range[2], no, 'range vector end'),
      stepMs: scriptDuration(range[3], no, 'range vector step'),
    }
    return false
  }
  const str = /^expect string (.*)$/.exec(text)
  if (str !== null) {
    const literal = (str[1] as string).trim()
    if (!/^(?:"(?:[^"\\]|\\.)*"|`[^`]*`)$/.test(literal))
      fail(`expect string needs a quoted string, got ${literal}`, no)
    command.expectedString = unquoteString(literal)
    return false
  }
  if ((text.split(/\s+/)[0] as string) === 'expect') {
    parseExpectLine(command, no, text, fail)
    return false
  }
  const scalar = bareNumber(text)
  if (scalar !== undefined) {
    if (command.mode === 'range') fail('a range query cannot expect a scalar', no)
    command.expectedScalar = scalar
    return true
  }
  const { labels, rest } = parseSeriesLabels(text, no)
  const values = expandValues(rest, no)
  const positional = command.mode === 'range' || command.rangeVector !== undefined
  if (!positional && values.length !== 1)
    fail(`an instant result line needs exactly one value, got ${values.length}`, no)
  const existing = command.series.findIndex((s) => s.labels.equals(labels))
  if (existing >= 0) command.series.splice(existing, 1)
  command.series.push({ line: no, labels, values })
  return false
}

function parseExpectLine(
  command: EvalCommand,
  no: number,
  text: string,
  fail: (why: string, line?: number) => never,
): void {
  const m = /^expect\s+(fail|warn|info|no_warn|no_info|ordered)(?:\s+(msg|regex):(.*))?$/.exec(text)
  if (m === null) return fail(`cannot parse ${JSON.stringify(text)}`, no)
  const type = m[1] as string
  const match =
    m[2] === undefined
      ? { kind: 'any' as const, text: '' }
      : { kind: m[2] as 'msg' | 'regex', text: (m[3] as string).trim() }
  if (match.kind === 'regex') {
    try {
      searchRegex(match.text)
    } catch (err) {
      fail(`bad regex ${match.text}: ${(err as Error).message}`, no)
    }
  }
  const expectation = (t: Expectation['type']): Expectation => ({ type: t, line: no, match })
  switch (type) {
    case 'fail':
      if (command.expectFail !== undefined) fail('more than one expect fail', no)
      command.expectFail = expectation('fail')
      break
    case 'warn':
      command.warnings.push(expectation('warn'))
      break
    case 'info':
      command.infos.push(expectation('info'))
      break
    case 'no_warn':
      command.noWarn = true
      break
    case 'no_info':
      command.noInfo = true
      break
    case 'ordered':
      if (command.mode === 'range') fail('expect ordered on a range query', no)
      command.ordered = true
  }
}

/** A bare number line (Go integer with base prefix, or float incl. Inf/NaN), or undefined. */
function bareNumber(text: string): number | undefined {
  if (!/^[+-]?(?:[0-9.]|inf|nan)/i.test(text) || /\s/.test(text)) return undefined
  try {
    return parseSignedNumber(text)
  } catch {
    return undefined
  }
}

function nthTokenOffset(text: string, n: number): number {
  const re = /\S+/g
  let m: RegExpExecArray | null
  let i = 0
  while ((m = re.exec(text)) !== null) {
    if (i === n) return m.index
    i++
  }
  return -1
}
