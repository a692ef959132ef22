import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Matcher } from '@watchfire/model'
import { describe, expect, it } from 'vitest'
import type { Expr } from './ast.js'
import { parseExpr } from './parser.js'
import { formatExpr, formatMatcher } from './printer.js'

// Every `eval` expression of the upstream promqltest scripts must parse (upstream rejects a whole
// script whose expression does not), and printing must round-trip: parse(format(e)) equals e.

const dir =
  process.env['PROMQL_CONFORMANCE_DIR'] ??
  fileURLToPath(new URL('../../../../../shared/conformance/promql', import.meta.url))
const available = existsSync(dir)

interface EvalCase {
  line: number
  expr: string
  /** An expected failure that is a parse error (`L:C: parse error: …`), if the script names one. */
  parseError: string | undefined
}

const instantHeader = /^eval(?:_\w+)?\s+instant\s+at\s+\S+\s+(.*)$/
const rangeHeader = /^eval(?:_\w+)?\s+range\s+from\s+\S+\s+to\s+\S+\s+step\s+\S+\s+(.*)$/
const failMessage = /^(?:expected_fail_message\s+|expect\s+fail\s+msg:\s*)(.*)$/

function extractEvals(text: string): EvalCase[] {
  const lines = text.split('\n').map((l) => l.trim())
  const cases: EvalCase[] = []
  lines.forEach((line, i) => {
    const header = instantHeader.exec(line) ?? rangeHeader.exec(line)
    if (header === null) return
    let parseError: string | undefined
    for (let j = i + 1; j < lines.length && lines[j] !== '' && !lines[j]!.startsWith('#'); j++) {
      const message = failMessage.exec(lines[j]!)?.[1]
      if (message !== undefined && /^\d+:\d+: parse error: /.test(message)) parseError = message
    }
    cases.push({ line: i + 1, expr: header[1] as string, parseError })
  })
  return cases
}

/**
 * The AST as plain data without positions and with matchers in printed (sorted) order, so trees
 * parsed from different texts compare equal.
 */
function shape(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(shape)
  if (node instanceof Matcher) return formatMatcher(node)
  if (node === null || typeof node !== 'object') return node
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(node)) if (k !== 'pos') out[k] = shape(v)
  if (Array.isArray(out['matchers'])) out['matchers'] = (out['matchers'] as string[]).toSorted()
  return out
}

function tryParse(expr: string): Expr | Error {
  try {
    return parseExpr(expr)
  } catch (err) {
    return err as Error
  }
}

const files = available ? readdirSync(dir).filter((f) => f.endsWith('.test')) : []

describe('promqltest conformance scripts', () => {
  it('finds the scripts', (ctx) => {
    if (!available && process.env['CI'] !== 'true') ctx.skip(`conformance scripts not found at ${dir}`)
    expect(files.length).toBeGreaterThan(0)
  })

  it.each(files)('%s: every eval expression parses and round-trips', (file) => {
    const failures: string[] = []
    const cases = extractEvals(readFileSync(join(dir, file), 'utf8'))
    for (const c of cases) {
      const parsed = tryParse(c.expr)
      if (c.parseError !== undefined) {
        if (!(parsed instanceof Error) || parsed.message !== c.parseError)
          failures.push(`line ${c.line}: expected ${c.parseError}`)
        continue
      }
      if (parsed instanceof Error) {
        failures.push(`line ${c.line}: ${c.expr}: ${parsed.message}`)
        continue
      }
      const printed = formatExpr(parsed)
      const reparsed = tryParse(printed)
      if (reparsed instanceof Error) failures.push(`line ${c.line}: printed ${printed}: ${reparsed.message}`)
      else if (formatExpr(reparsed) !== printed)
        failures.push(`line ${c.line}: printing is not stable: ${printed}`)
      else {
        try {
          expect(shape(reparsed)).toEqual(shape(parsed))
        } catch {
          failures.push(`line ${c.line}: round trip changes the AST: ${c.expr} -> ${printed}`)
        }
      }
    }
    expect(cases.length).toBeGreaterThan(0)
    expect(failures).toEqual([])
  })
})
