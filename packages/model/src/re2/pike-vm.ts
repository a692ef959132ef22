import { classHas, type CharClass } from './char-class.js'
import { Assertion, Op, type Program } from './program.js'

/**
 * Runs a Program over a string in time linear in its length (times the program size), as RE2 and
 * Go's regexp do: a Pike VM steps every live thread one code point at a time, keeping at most one
 * thread per instruction. Threads are kept in priority order, so when two reach the same
 * instruction the one a backtracking engine would have tried first wins, and the submatches are
 * the leftmost-first (Perl/Go) ones.
 *
 * Not reentrant: one instance owns its scratch buffers; callers use one per compiled pattern and
 * never match from inside a match (JavaScript is single-threaded, so this holds).
 */
export class PikeVm {
  private readonly prog: Program
  private clist: ThreadList
  private nlist: ThreadList
  /** Pending work while following empty transitions: a pc, or `-1 - slot` to restore `stackVal`. */
  private readonly stackPc: Int32Array
  private readonly stackVal: Int32Array
  /** Capture slots of the thread being followed. */
  private readonly work: Int32Array
  private nSlots = 0

  constructor(prog: Program) {
    this.prog = prog
    const n = prog.op.length
    this.clist = new ThreadList(n, prog.slots)
    this.nlist = new ThreadList(n, prog.slots)
    this.stackPc = new Int32Array(2 * n + 1)
    this.stackVal = new Int32Array(2 * n + 1)
    this.work = new Int32Array(prog.slots)
  }

  /**
   * True if the program matches all of `input`. With `caps`, also fills it with the winning
   * thread's capture positions (`-1` for groups that did not take part).
   */
  run(input: string, caps: Int32Array | undefined): boolean {
    const op = this.prog.op
    this.nSlots = caps === undefined ? 0 : this.prog.slots
    const len = input.length
    let clist = this.clist
    let nlist = this.nlist
    clist.clear()
    this.work.fill(-1)
    this.addThread(clist, 0, 0, input)
    let pos = 0
    for (;;) {
      if (clist.count === 0) return false
      const cp = pos < len ? (input.codePointAt(pos) as number) : -1
      const next = pos + (cp > 0xffff ? 2 : 1)
      nlist.clear()
      for (let i = 0; i < clist.count; i++) {
        const pc = clist.pcs[i] as number
        if (op[pc] === Op.Match) {
          if (caps !== undefined) caps.set(clist.caps.subarray(i * this.nSlots, (i + 1) * this.nSlots))
          return true
        }
        const ok = this.consumes(pc, cp)
        if (!ok) continue
        if (this.nSlots > 0) this.work.set(clist.caps.subarray(i * this.nSlots, (i + 1) * this.nSlots))
        this.addThread(nlist, pc + 1, next, input)
      }
      if (pos >= len) return false
      const t = clist
      clist = nlist
      nlist = t
      this.clist = clist
      this.nlist = nlist
      pos = next
    }
  }

  /**
   * Finds the leftmost-first match starting at or after `from` in a program compiled unanchored,
   * as Go's regexp does: a new lowest-priority thread starts at each position until a match is
   * found, then only threads that outrank it keep running. Fills `caps` (slots 0 and 1 are the
   * match's bounds). `from` may be past a previous match: assertions still see the whole input.
   */
  search(input: string, from: number, caps: Int32Array): boolean {
    const op = this.prog.op
    this.nSlots = this.prog.slots
    const len = input.length
    let clist = this.clist
    let nlist = this.nlist
    clist.clear()
    let matched = false
    let pos = from
    for (;;) {
      if (!matched) {
        this.work.fill(-1)
        this.addThread(clist, 0, pos, input)
      }
      if (clist.count === 0 && matched) break
      const cp = pos < len ? (input.codePointAt(pos) as number) : -1
      const next = pos + (cp > 0xffff ? 2 : 1)
      nlist.clear()
      for (let i = 0; i < clist.count; i++) {
        const pc = clist.pcs[i] as number
        if (op[pc] === Op.Match) {
          caps.set(clist.caps.subarray(i * this.nSlots, (i + 1) * this.nSlots))
          matched = true
          // Lower-priority threads lose to this match whatever they would find.
          break
        }
        if (!this.consumes(pc, cp)) continue
        this.work.set(clist.caps.subarray(i * this.nSlots, (i + 1) * this.nSlots))
        this.addThread(nlist, pc + 1, next, input)
      }
      if (pos >= len) break
      const t = clist
      clist = nlist
      nlist = t
      this.clist = clist
      this.nlist = nlist
      pos = next
    }
    return matched
  }

  /** True if instruction `pc` consumes code point `cp` (`-1` at the end of the input). */
  private consumes(pc: number, cp: number): boolean {
    const arg = this.prog.arg
    switch (this.prog.op[pc]) {
      case Op.Rune:
        return cp === arg[pc]
      case Op.Class:
        return cp >= 0 && classHas(this.prog.classes[arg[pc] as number] as CharClass, cp)
      case Op.Any:
        return cp >= 0
      case Op.AnyNotNL:
        return cp >= 0 && cp !== 10
      default:
        return false
    }
  }

  /** Adds `pc0` and everything reachable from it without consuming input, in priority order. */
  private addThread(list: ThreadList, pc0: number, pos: number, input: string): void {
    const { op, out, arg } = this.prog
    const work = this.work
    const stackPc = this.stackPc
    const stackVal = this.stackVal
    let top = 0
    stackPc[top++] = pc0
    while (top > 0) {
      let pc = stackPc[--top] as number
      if (pc < 0) {
        work[-1 - pc] = stackVal[top] as number
        continue
      }
      for (;;) {
        if (list.has(pc)) break
        list.add(pc)
        const o = op[pc]
        if (o === Op.Jmp) {
          pc = out[pc] as number
        } else if (o === Op.Split) {
          stackPc[top++] = arg[pc] as number
          pc = out[pc] as number
        } else if (o === Op.Save) {
          const slot = arg[pc] as number
          if (slot < this.nSlots) {
            stackPc[top] = -1 - slot
            stackVal[top++] = work[slot] as number
            work[slot] = pos
          }
          pc++
        } else if (o === Op.Assert) {
          if (!assertionHolds(arg[pc] as number, input, pos)) break
          pc++
        } else {
          list.push(pc, work, this.nSlots)
          break
        }
      }
    }
  }
}

/**
 * The threads of one step: a sparse set (Briggs–Torczon) of every instruction visited, and in
 * priority order the threads parked on an instruction that consumes input or matches, each with
 * its capture slots. Slot storage grows with the threads really alive, not with the program.
 */
class ThreadList {
  private readonly dense: Int32Array
  private readonly sparse: Int32Array
  private size = 0
  readonly pcs: Int32Array
  caps: Int32Array
  count = 0

  constructor(n: number, slots: number) {
    this.dense = new Int32Array(n)
    this.sparse = new Int32Array(n)
    this.pcs = new Int32Array(n)
    this.caps = new Int32Array(Math.min(n, 16) * slots)
  }

  clear(): void {
    this.size = 0
    this.count = 0
  }

  has(pc: number): boolean {
    const i = this.sparse[pc] as number
    return i < this.size && this.dense[i] === pc
  }

  add(pc: number): void {
    this.dense[this.size] = pc
    this.sparse[pc] = this.size++
  }

  push(pc: number, work: Int32Array, slots: number): void {
    const k = this.count++
    this.pcs[k] = pc
    if (slots === 0) return
    if ((k + 1) * slots > this.caps.length) {
      const grown = new Int32Array(Math.max(2 * this.caps.length, (k + 1) * slots))
      grown.set(this.caps)
      this.caps = grown
    }
    this.caps.set(work, k * slots)
  }
}

/** RE2's `\b` is ASCII-only: `[0-9A-Za-z_]`. */
function isWordUnit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f
}

function assertionHolds(what: number, input: string, pos: number): boolean {
  switch (what) {
    case Assertion.TextStart:
      return pos === 0
    case Assertion.TextEnd:
      return pos === input.length
    case Assertion.LineStart:
      return pos === 0 || input.charCodeAt(pos - 1) === 10
    case Assertion.LineEnd:
      return pos === input.length || input.charCodeAt(pos) === 10
    default: {
      const before = pos > 0 && isWordUnit(input.charCodeAt(pos - 1))
      const after = pos < input.length && isWordUnit(input.charCodeAt(pos))
      return (before !== after) === (what === Assertion.WordBoundary)
    }
  }
}
