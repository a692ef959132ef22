import { WatchfireError } from '@watchfire/model'
import type { PositionRange } from './ast.js'

function utf8Length(s: string): number {
  let bytes = 0
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4
  }
  return bytes
}

/**
 * A query that is not valid PromQL. The message reads as Prometheus's does, e.g.
 * `1:5: parse error: unexpected <op:+>`: line and column (1-based, the column counted in UTF-8
 * bytes as Prometheus counts it), then `detail`.
 */
export class PromQLParseError extends WatchfireError {
  /** What went wrong, without the position prefix. */
  readonly detail: string
  /** The offending range of `query`, in UTF-16 code units. */
  readonly positionRange: PositionRange
  readonly line: number
  readonly column: number
  readonly query: string

  constructor(query: string, positionRange: PositionRange, detail: string) {
    const start = Math.max(0, Math.min(positionRange.start, query.length))
    const before = query.slice(0, start)
    const lastBreak = before.lastIndexOf('\n')
    const line = before.split('\n').length
    const column = utf8Length(before.slice(lastBreak + 1)) + 1
    const where = query === '' ? 'unknown position' : `${line}:${column}`
    super('ERR_PROMQL_PARSE', `${where}: parse error: ${detail}`)
    this.detail = detail
    this.positionRange = positionRange
    this.line = line
    this.column = column
    this.query = query
  }
}
