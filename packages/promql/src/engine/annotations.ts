import type { PositionRange } from '../parser/ast.js'
import type { AnnotationSink } from './kernels/range-kernels.js'

const WARNING = 'PromQL warning: '
const INFO = 'PromQL info: '

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8')
}

/** `line:column` of a position in the query, as Prometheus appends it to annotations. */
export function positionText(query: string, pos: PositionRange): string {
  const before = query.slice(0, Math.max(0, Math.min(pos.start, query.length)))
  const lastBreak = before.lastIndexOf('\n')
  const line = before.split('\n').length
  return `${line}:${utf8Length(before.slice(lastBreak + 1)) + 1}`
}

/**
 * The warnings and infos a query collected, deduplicated by text as Prometheus's annotation set
 * is. Texts are complete (`PromQL warning: …`) and end with the query position.
 */
export class Annotations {
  readonly warnings = new Set<string>()
  readonly infos = new Set<string>()

  /** With `withPositions` false the texts end without the `(line:column)` suffix (promqltest compares them so). */
  constructor(
    private readonly query: string,
    private readonly withPositions = true,
  ) {}

  private where(pos: PositionRange): string {
    return this.withPositions ? ` (${positionText(this.query, pos)})` : ''
  }

  /** Records a warning whose text lacks the `PromQL warning: ` prefix. */
  warn(text: string, pos: PositionRange): void {
    this.warnings.add(`${WARNING}${text}${this.where(pos)}`)
  }

  /** Records an info whose text lacks the `PromQL info: ` prefix. */
  info(text: string, pos: PositionRange): void {
    this.infos.add(`${INFO}${text}${this.where(pos)}`)
  }

  /** A sink for kernels, which report complete texts; the position of `pos` is appended. */
  sink(pos: PositionRange): AnnotationSink {
    const where = this.where(pos)
    return {
      warn: (message) => this.warnings.add(message + where),
      info: (message) => this.infos.add(message + where),
    }
  }
}
