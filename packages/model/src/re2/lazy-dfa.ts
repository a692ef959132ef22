import { classHas, type CharClass } from './char-class.js'
import { Assertion, Op, type Program } from './program.js'

/** Transition not computed yet. */
const UNKNOWN = -2
/** No thread survives: the input cannot match. */
const DEAD = -1
/**
 * Cache budget in 32-bit words (8 MiB): a state costs its 128-entry ASCII table plus its threads
 * (counted three times for the key string), a non-ASCII transition two. When it is spent the cache is
 * dropped and rebuilt as needed, as RE2 does.
 */
const MAX_CACHED_WORDS = 1 << 21

interface DState {
  /** Sorted pcs of the threads alive here: consuming instructions, Match, and Assert(TextEnd). */
  readonly pcs: Int32Array
  /** Next state for each ASCII code point. */
  readonly ascii: Int32Array
  /** Next state for other code points, filled on demand. */
  readonly other: Map<number, number>
  /** Whether the input may end here: 1, 0, or -1 until computed. */
  accepts: number
}

/**
 * A match-only runner for a Program, built lazily as RE2's DFA is: each state is the set of Pike
 * VM threads alive after some input (priority does not matter when only match/no-match is asked),
 * and each transition is computed once, on first use, then costs one array lookup per character.
 * Time stays linear: a transition costs at most one Pike VM step, and the cache's memory is
 * bounded (dropped when full, as RE2 does). Only for programs whose assertions are `^`/`\A`/`$`/`\z`:
 * word and line boundaries would need the previous character in the state.
 */
export class LazyDfa {
  private readonly prog: Program
  private states: DState[] = []
  private index = new Map<string, number>()
  private cached = 0
  private start = UNKNOWN
  private readonly seenAt: Int32Array
  private epoch = 0
  private readonly stack: Int32Array
  private readonly found: number[] = []

  /** True if the program has no assertion a DFA state could not decide on its own. */
  static supports(prog: Program): boolean {
    for (let pc = 0; pc < prog.op.length; pc++) {
      if (prog.op[pc] !== Op.Assert) continue
      const what = prog.arg[pc]
      if (what !== Assertion.TextStart && what !== Assertion.TextEnd) return false
    }
    return true
  }

  constructor(prog: Program) {
    this.prog = prog
    this.seenAt = new Int32Array(prog.op.length).fill(-1)
    this.stack = new Int32Array(3 * prog.op.length + 1)
  }

  /** True if the program matches all of `input`. */
  test(input: string): boolean {
    if (this.start === UNKNOWN) this.start = this.intern(this.closure([0], true))
    let s = this.start
    const len = input.length
    let pos = 0
    while (pos < len) {
      if (s === DEAD) return false
      const cp = input.codePointAt(pos) as number
      pos += cp > 0xffff ? 2 : 1
      const st = this.states[s] as DState
      let next = cp < 128 ? (st.ascii[cp] as number) : (st.other.get(cp) ?? UNKNOWN)
      if (next === UNKNOWN) next = this.transition(st, cp)
      s = next
    }
    return s !== DEAD && this.accepts(this.states[s] as DState, len === 0)
  }

  private transition(st: DState, cp: number): number {
    const { op, arg } = this.prog
    const targets: number[] = []
    for (const pc of st.pcs) {
      let ok: boolean
      switch (op[pc]) {
        case Op.Rune:
          ok = cp === arg[pc]
          break
        case Op.Class:
          ok = classHas(this.prog.classes[arg[pc] as number] as CharClass, cp)
          break
        case Op.Any:
          ok = true
          break
        case Op.AnyNotNL:
          ok = cp !== 10
          break
        default:
          ok = false
      }
      if (ok) targets.push(pc + 1)
    }
    if (this.cached >= MAX_CACHED_WORDS) this.reset()
    const next = this.intern(this.closure(targets, false))
    // After a reset `st` is no longer in the table; caching on it is harmless and soon collected.
    if (cp < 128) st.ascii[cp] = next
    else {
      st.other.set(cp, next)
      this.cached += 2
    }
    return next
  }

  private reset(): void {
    this.states = []
    this.index = new Map()
    this.cached = 0
    this.start = UNKNOWN
  }

  private intern(pcs: number[]): number {
    if (pcs.length === 0) return DEAD
    const key = pcs.join(',')
    const known = this.index.get(key)
    if (known !== undefined) return known
    const id = this.states.length
    this.states.push({
      pcs: Int32Array.from(pcs),
      ascii: new Int32Array(128).fill(UNKNOWN),
      other: new Map(),
      accepts: -1,
    })
    this.index.set(key, id)
    this.cached += 128 + 3 * pcs.length
    return id
  }

  /** The sorted live pcs reachable from `from` without consuming input. */
  private closure(from: readonly number[], atStart: boolean): number[] {
    const { op, out, arg } = this.prog
    const epoch = ++this.epoch
    const found = this.found
    found.length = 0
    let top = 0
    for (let i = from.length - 1; i >= 0; i--) this.stack[top++] = from[i] as number
    while (top > 0) {
      const pc = this.stack[--top] as number
      if (this.seenAt[pc] === epoch) continue
      this.seenAt[pc] = epoch
      switch (op[pc]) {
        case Op.Jmp:
          this.stack[top++] = out[pc] as number
          break
        case Op.Split:
          this.stack[top++] = arg[pc] as number
          this.stack[top++] = out[pc] as number
          break
        case Op.Save:
          this.stack[top++] = pc + 1
          break
        case Op.Assert:
          if (arg[pc] === Assertion.TextEnd) found.push(pc)
          else if (atStart) this.stack[top++] = pc + 1
          break
        default:
          found.push(pc)
      }
    }
    return found.slice().sort((a, b) => a - b)
  }

  /**
   * Whether a thread here reaches Match when the input ends (following `$` and empty steps). An
   * empty input is at the start too (`$^` matches it), so that answer is not cached.
   */
  private accepts(st: DState, atStart: boolean): boolean {
    if (st.accepts >= 0 && !atStart) return st.accepts === 1
    const { op, out, arg } = this.prog
    const epoch = ++this.epoch
    let top = 0
    for (const pc of st.pcs) if (op[pc] === Op.Assert || op[pc] === Op.Match) this.stack[top++] = pc
    let ok = false
    while (top > 0 && !ok) {
      const pc = this.stack[--top] as number
      if (this.seenAt[pc] === epoch) continue
      this.seenAt[pc] = epoch
      switch (op[pc]) {
        case Op.Match:
          ok = true
          break
        case Op.Jmp:
          this.stack[top++] = out[pc] as number
          break
        case Op.Split:
          this.stack[top++] = arg[pc] as number
          this.stack[top++] = out[pc] as number
          break
        case Op.Save:
          this.stack[top++] = pc + 1
          break
        case Op.Assert:
          if (arg[pc] === Assertion.TextEnd || atStart) this.stack[top++] = pc + 1
      }
    }
    if (!atStart) st.accepts = ok ? 1 : 0
    return ok
  }
}
