import { compileAnchoredRegex, type Re2Regex } from '@watchfire/model'
import type { EvalCommand, Expectation, MessageMatch } from './script-types.js'

/** True if an error or annotation text satisfies an expect line's matcher. */
export function messageMatches(match: MessageMatch, text: string): boolean {
  switch (match.kind) {
    case 'any':
      return true
    case 'msg':
      return text === match.text
    case 'regex':
      return searchRegex(match.text).test(text)
  }
}

/**
 * Checks warnings or infos against the eval's expect lines (SYNTAX.md 8.2): unchecked when no line
 * of that kind exists; otherwise at least one, every line matching one, every one matching a line.
 */
export function checkAnnotations(
  cmd: EvalCommand,
  kind: 'warn' | 'info',
  actual: readonly string[],
): string | undefined {
  const expected: Expectation[] = kind === 'warn' ? cmd.warnings : cmd.infos
  const none = kind === 'warn' ? cmd.noWarn : cmd.noInfo
  const legacy = kind === 'warn' ? cmd.legacyWarn : cmd.legacyInfo
  const label = kind === 'warn' ? 'warning' : 'info annotation'
  if (none && actual.length > 0) return `expected no ${label}s, got: ${actual.join('; ')}`
  if ((legacy || expected.length > 0) && actual.length === 0)
    return `expected at least one ${label}, got none`
  for (const e of expected) {
    if (!actual.some((a) => messageMatches(e.match, a))) {
      return `no ${label} matches expect ${kind} ${e.match.kind}: ${e.match.text} (line ${e.line}); got: ${actual.join('; ')}`
    }
  }
  if (expected.length > 0) {
    for (const a of actual) {
      if (!expected.some((e) => messageMatches(e.match, a))) return `unexpected ${label}: ${a}`
    }
  }
  return undefined
}

/** An RE2 pattern as an unanchored search (Go's MatchString), compiled through the RE2 translator. */
export function searchRegex(pattern: string): Re2Regex {
  return compileAnchoredRegex(`.*(?:${pattern}).*`)
}
