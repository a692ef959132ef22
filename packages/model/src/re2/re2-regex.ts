import type { Re2Node } from './ast.js'
import { mayBacktrackSuperLinearly } from './backtrack-risk.js'
import { emitJs } from './emit.js'
import { InvalidRegexError } from './invalid-regex-error.js'
import { parseRe2 } from './parser.js'
import { LazyDfa } from './lazy-dfa.js'
import { PikeVm } from './pike-vm.js'
import { collectGroupNames, compileProgram, type Program } from './program.js'

/**
 * An RE2 pattern ready to run, anchored at both ends: `test` and `exec` only match the whole
 * value. A JavaScript RegExp built by the translator satisfies it, and so does LinearRegex.
 */
export interface Re2Regex {
  /** True if the pattern matches all of `value`. */
  test(value: string): boolean
  /**
   * The submatches of a whole-value match (index 0 the value itself, `undefined` for groups that
   * took no part), or null. Named groups are found by number through `groupNames`.
   */
  exec(value: string): RegExpExecArray | null
}

/** Which engine runs a pattern: V8's backtracking RegExp, or the linear-time Pike VM. */
export type Re2Engine = 'v8' | 'pike'

/** A compiled pattern with what callers need besides matching. */
export interface CompiledRe2 {
  readonly regex: Re2Regex
  readonly root: Re2Node
  /** Name of each group by number (index 0 is the whole match); `''` for unnamed groups. */
  readonly groupNames: readonly string[]
  readonly engine: Re2Engine
}

/**
 * Parses an RE2 pattern and compiles it for whole-value matching, on V8 when its shape cannot
 * backtrack super-linearly (see mayBacktrackSuperLinearly) and otherwise on the linear-time
 * LinearRegex (a lazy DFA answers match/no-match, the Pike VM finds submatches), so no pattern
 * and value can stall the event loop. `captures` keeps capturing groups on the V8 path
 * (matching alone runs faster without); a capturing group inside a repeat also selects the VM,
 * because JavaScript forgets a group's text at each new iteration (`x(?:(a)|b)*` on `xab` gives
 * no group 1) where RE2 keeps the last one (`a`). `engine` forces one engine (tests, benchmarks).
 * Throws InvalidRegexError for anything RE2 refuses.
 */
export function compileRe2(pattern: string, captures = false, engine?: Re2Engine): CompiledRe2 {
  const root = parseRe2(pattern)
  // Translate even when the VM will run: both engines then accept exactly the same patterns.
  const { source, ignoreCase } = emitJs(pattern, root, captures)
  let regex: RegExp
  try {
    regex = new RegExp(`^(?:${source})$`, ignoreCase ? 'iu' : 'u')
  } catch (err) {
    // The translator should only emit valid JS; if it did not, say so rather than crash later.
    throw new InvalidRegexError(
      pattern,
      `cannot translate to JavaScript: ${err instanceof Error ? err.message : String(err)}`,
    )
  }
  const chosen =
    engine ?? (mayBacktrackSuperLinearly(root) || (captures && groupInRepeat(root, false)) ? 'pike' : 'v8')
  if (chosen === 'pike') {
    const program = compileProgram(pattern, root)
    return { regex: new LinearRegex(program), root, groupNames: program.groupNames, engine: chosen }
  }
  const groupNames = ['']
  collectGroupNames(root, groupNames)
  return { regex, root, groupNames, engine: chosen }
}

/** A compiled Program behind the RegExp-like Re2Regex interface; always linear in the value's length. */
export class LinearRegex implements Re2Regex {
  private readonly program: Program
  private readonly vm: PikeVm
  /** Answers match/no-match at a lookup per character; absent when the program has `\\b` or `(?m)` anchors. */
  private readonly dfa: LazyDfa | undefined
  private readonly caps: Int32Array

  constructor(program: Program) {
    this.program = program
    this.vm = new PikeVm(program)
    this.dfa = LazyDfa.supports(program) ? new LazyDfa(program) : undefined
    this.caps = new Int32Array(program.slots)
  }

  /** True if the pattern matches all of `value`. */
  test(value: string): boolean {
    return this.dfa !== undefined ? this.dfa.test(value) : this.vm.run(value, undefined)
  }

  /** The submatches of a whole-value match, as RegExp.prototype.exec shapes them, or null. */
  exec(value: string): RegExpExecArray | null {
    const caps = this.caps
    // Most values do not match: the DFA says so without the VM's per-thread capture copying.
    if (this.dfa !== undefined && !this.dfa.test(value)) return null
    if (!this.vm.run(value, caps)) return null
    const groups = this.program.slots / 2
    const out: (string | undefined)[] = new Array<string | undefined>(groups)
    for (let g = 0; g < groups; g++) {
      const start = caps[2 * g] as number
      const end = caps[2 * g + 1] as number
      out[g] = start >= 0 && end >= 0 ? value.slice(start, end) : undefined
    }
    return Object.assign(out, { index: 0, input: value, groups: undefined }) as RegExpExecArray
  }
}

/** True if a capturing group sits inside a repeat that can iterate more than once. */
function groupInRepeat(n: Re2Node, repeated: boolean): boolean {
  switch (n.kind) {
    case 'group':
      return (repeated && n.capture !== undefined) || groupInRepeat(n.node, repeated)
    case 'repeat':
      return groupInRepeat(n.node, repeated || n.max < 0 || n.max > 1)
    case 'concat':
    case 'alt':
      return n.items.some((i) => groupInRepeat(i, repeated))
    default:
      return false
  }
}
