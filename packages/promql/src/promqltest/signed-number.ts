import { parseNumber } from '../parser/numbers.js'

/** A PromQL number literal with an optional leading sign (`-1.5`, `+Inf`, `0x10`); throws on bad input. */
export function parseSignedNumber(text: string): number {
  const sign = text.startsWith('-') ? -1 : 1
  return sign * parseNumber(text.replace(/^[+-]/, ''))
}
