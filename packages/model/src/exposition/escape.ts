/**
 * Escaping shared by the text 0.0.4 and OpenMetrics writers. Every function returns its input
 * unchanged (no allocation) when nothing needs escaping, which is the common case on a scrape.
 */

const BACKSLASH = 92
const DOUBLE_QUOTE = 34
const NEWLINE = 10

function needsEscape(s: string, quotes: boolean): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === BACKSLASH || c === NEWLINE || (quotes && c === DOUBLE_QUOTE)) return true
  }
  return false
}

function escape(s: string, quotes: boolean): string {
  let out = ''
  let start = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    let rep: string
    if (c === BACKSLASH) rep = '\\\\'
    else if (c === NEWLINE) rep = '\\n'
    else if (quotes && c === DOUBLE_QUOTE) rep = '\\"'
    else continue
    out += s.slice(start, i) + rep
    start = i + 1
  }
  return out + s.slice(start)
}

/** Escapes a label value for both text formats: backslash, double quote and newline. */
export function escapeLabelValue(value: string): string {
  return needsEscape(value, true) ? escape(value, true) : value
}

/** Escapes HELP text for text format 0.0.4, which escapes only backslash and newline. */
export function escapeHelpText(help: string): string {
  return needsEscape(help, false) ? escape(help, false) : help
}

/** Escapes HELP text for OpenMetrics, whose escaped-string also escapes double quotes. */
export function escapeOpenMetricsHelp(help: string): string {
  return needsEscape(help, true) ? escape(help, true) : help
}
