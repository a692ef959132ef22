import { parseRe2 } from './parser.js'
import { PikeVm } from './pike-vm.js'
import { compileProgram, type Program } from './program.js'

/**
 * An RE2 pattern for searching inside text as Go's regexp does by default (unanchored,
 * leftmost-first, `.` not matching a newline unless the pattern says `(?s)`), in time linear in
 * the text. Used where Go code calls MatchString or ReplaceAllString, e.g. template functions.
 */
export class Re2Searcher {
  /** Name of each group by number (index 0 is the whole match); `''` for unnamed groups. */
  readonly groupNames: readonly string[]
  private readonly program: Program
  private readonly vm: PikeVm
  private readonly caps: Int32Array
  private readonly named: boolean

  /** Compiles `pattern`; throws InvalidRegexError for anything RE2 refuses. */
  constructor(pattern: string) {
    // Parse alone first so a stray `)` cannot close the flag group wrapped around it below.
    parseRe2(pattern)
    this.program = compileProgram(pattern, parseRe2(`(?-s:${pattern})`), false)
    this.groupNames = this.program.groupNames
    this.vm = new PikeVm(this.program)
    this.caps = new Int32Array(this.program.slots)
    this.named = this.groupNames.some((n) => n !== '')
  }

  /** True if the pattern matches anywhere in `text` (Go's MatchString). */
  test(text: string): boolean {
    return this.vm.search(text, 0, this.caps)
  }

  /**
   * The leftmost-first match starting at or after `from`, shaped like RegExp.prototype.exec's
   * result (`index` is where it starts, `groups` holds named groups), or null.
   */
  exec(text: string, from = 0): RegExpExecArray | null {
    const caps = this.caps
    if (!this.vm.search(text, from, caps)) return null
    const count = this.program.slots / 2
    const out: (string | undefined)[] = new Array<string | undefined>(count)
    let groups: Record<string, string | undefined> | undefined
    if (this.named) groups = {}
    for (let g = 0; g < count; g++) {
      const start = caps[2 * g] as number
      const end = caps[2 * g + 1] as number
      const value = start >= 0 && end >= 0 ? text.slice(start, end) : undefined
      out[g] = value
      const name = this.groupNames[g]
      if (groups !== undefined && name !== undefined && name !== '') groups[name] = value
    }
    return Object.assign(out, { index: caps[0] as number, input: text, groups }) as RegExpExecArray
  }
}
