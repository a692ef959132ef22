import type { Re2Node } from './ast.js'
import { caseOrbit } from './case-fold.js'
import { InvalidRegexError } from './invalid-regex-error.js'
import { makeCharClass, type CharClass } from './char-class.js'

/** Instruction opcodes of a compiled program (a Thompson NFA, as RE2 and Go's regexp/syntax build it). */
export const Op = {
  /** Consumes the code point `arg`. */
  Rune: 0,
  /** Consumes a code point accepted by `classes[arg]`. */
  Class: 1,
  /** Consumes any code point. */
  Any: 2,
  /** Consumes any code point but `\n`. */
  AnyNotNL: 3,
  /** Continues at `out`, then (lower priority) at `arg`. */
  Split: 4,
  /** Continues at `out`. */
  Jmp: 5,
  /** Records the position in capture slot `arg`. */
  Save: 6,
  /** Continues only where the assertion numbered `arg` holds. */
  Assert: 7,
  /** The whole pattern matched. */
  Match: 8,
} as const

/** One opcode. */
export type Op = (typeof Op)[keyof typeof Op]

/** Zero-width conditions, numbered for `Op.Assert`. */
export const Assertion = {
  TextStart: 0,
  TextEnd: 1,
  LineStart: 2,
  LineEnd: 3,
  WordBoundary: 4,
  NotWordBoundary: 5,
} as const

/**
 * A compiled pattern. Instruction `i` is `op[i]` with operands `out[i]` (the next instruction for
 * Split and Jmp; every other op continues at `i + 1`) and `arg[i]`. Execution starts at 0.
 */
export interface Program {
  readonly op: Uint8Array
  readonly out: Int32Array
  readonly arg: Int32Array
  readonly classes: readonly CharClass[]
  /** Capture slots: two per group, group 0 being the whole match. */
  readonly slots: number
  /** Name of each group by number (index 0 is the whole match); `''` for unnamed groups. */
  readonly groupNames: readonly string[]
}

/** Largest program compiled; Go's regexp refuses big ones too ("expression too large"). */
const MAX_INSTRUCTIONS = 250_000

const ASSERT_CODES = {
  textStart: Assertion.TextStart,
  textEnd: Assertion.TextEnd,
  lineStart: Assertion.LineStart,
  lineEnd: Assertion.LineEnd,
  wordBoundary: Assertion.WordBoundary,
  notWordBoundary: Assertion.NotWordBoundary,
} as const

/**
 * Compiles a parsed pattern into a program with capture slots. `anchored` programs only reach
 * Match at the end of the input (whole-value matching); others match wherever the pattern ends
 * (searching, where the caller picks the start).
 */
export function compileProgram(pattern: string, root: Re2Node, anchored = true): Program {
  const c = new Compiler(pattern)
  c.emit(Op.Save, 0, 0)
  c.node(root)
  c.emit(Op.Save, 0, 1)
  if (anchored) c.emit(Op.Assert, 0, Assertion.TextEnd)
  c.emit(Op.Match, 0, 0)
  return {
    op: Uint8Array.from(c.ops),
    out: Int32Array.from(c.outs),
    arg: Int32Array.from(c.args),
    classes: c.classes,
    slots: 2 * c.groupNames.length,
    groupNames: c.groupNames,
  }
}

class Compiler {
  readonly ops: number[] = []
  readonly outs: number[] = []
  readonly args: number[] = []
  readonly classes: CharClass[] = []
  readonly groupNames: string[] = ['']
  private readonly classIndex = new Map<Re2Node, number>()
  private readonly pattern: string

  constructor(pattern: string) {
    this.pattern = pattern
  }

  emit(op: Op, out: number, arg: number): number {
    const pc = this.ops.length
    if (pc >= MAX_INSTRUCTIONS) throw new InvalidRegexError(this.pattern, 'expression too large')
    this.ops.push(op)
    this.outs.push(out)
    this.args.push(arg)
    return pc
  }

  private get pc(): number {
    return this.ops.length
  }

  node(n: Re2Node): void {
    switch (n.kind) {
      case 'empty':
        return
      case 'literal': {
        const orbit = n.fold ? caseOrbit(n.cp) : [n.cp]
        if (orbit.length === 1) this.emit(Op.Rune, 0, n.cp)
        else
          this.emitClass(n, () =>
            makeCharClass(
              orbit.map((cp): [number, number] => [cp, cp]),
              [],
              false,
              false,
            ),
          )
        return
      }
      case 'class':
        this.emitClass(n, () => makeCharClass(n.items.ranges, n.items.props, n.negated, n.fold))
        return
      case 'any':
        this.emit(n.dotNL ? Op.Any : Op.AnyNotNL, 0, 0)
        return
      case 'assert':
        this.emit(Op.Assert, 0, ASSERT_CODES[n.what])
        return
      case 'concat':
        for (const item of n.items) this.node(item)
        return
      case 'alt':
        this.alternation(n.items)
        return
      case 'group': {
        if (n.capture === undefined) {
          this.node(n.node)
          return
        }
        const slot = 2 * this.groupNames.length
        this.groupNames.push(n.capture)
        this.emit(Op.Save, 0, slot)
        this.node(n.node)
        this.emit(Op.Save, 0, slot + 1)
        return
      }
      case 'repeat':
        this.repeat(n.node, n.min, n.max, n.greedy)
    }
  }

  private alternation(items: readonly Re2Node[]): void {
    const jumps: number[] = []
    for (let i = 0; i < items.length - 1; i++) {
      const split = this.emit(Op.Split, this.pc + 1, 0)
      this.node(items[i] as Re2Node)
      jumps.push(this.emit(Op.Jmp, 0, 0))
      this.args[split] = this.pc
    }
    this.node(items[items.length - 1] as Re2Node)
    for (const j of jumps) this.outs[j] = this.pc
  }

  /** `x{min,max}` unrolled as RE2 does: `min` copies, then `x*` or `max - min` nested optional copies. */
  private repeat(body: Re2Node, min: number, max: number, greedy: boolean): void {
    // Groups inside a counted repeat are numbered once; every copy writes the same slots.
    const names = this.groupNames.length
    const copy = (): void => {
      this.groupNames.length = names
      this.node(body)
    }
    if (max < 0) {
      for (let i = 0; i < min - 1; i++) copy()
      if (min === 0) {
        const split = this.emit(Op.Split, 0, 0)
        copy()
        this.emit(Op.Jmp, split, 0)
        this.branch(split, split + 1, this.pc, greedy)
      } else {
        const start = this.pc
        copy()
        const split = this.emit(Op.Split, 0, 0)
        this.branch(split, start, this.pc, greedy)
      }
      return
    }
    for (let i = 0; i < min; i++) copy()
    const splits: number[] = []
    for (let i = min; i < max; i++) {
      splits.push(this.emit(Op.Split, 0, 0))
      copy()
    }
    for (const s of splits) this.branch(s, s + 1, this.pc, greedy)
    // A body compiled zero times (`(a){0}`) still owns its group numbers.
    if (this.groupNames.length === names) collectGroupNames(body, this.groupNames)
  }

  private branch(split: number, body: number, exit: number, greedy: boolean): void {
    this.outs[split] = greedy ? body : exit
    this.args[split] = greedy ? exit : body
  }

  /** One class per AST node, however many times a counted repeat copies it. */
  private emitClass(node: Re2Node, make: () => CharClass): void {
    let index = this.classIndex.get(node)
    if (index === undefined) {
      index = this.classes.push(make()) - 1
      this.classIndex.set(node, index)
    }
    this.emit(Op.Class, 0, index)
  }
}

/** Appends each capturing group's name (`''` if unnamed) in RE2's numbering order: by opening parenthesis. */
export function collectGroupNames(node: Re2Node, out: string[]): void {
  switch (node.kind) {
    case 'group':
      if (node.capture !== undefined) out.push(node.capture)
      collectGroupNames(node.node, out)
      break
    case 'repeat':
      collectGroupNames(node.node, out)
      break
    case 'concat':
    case 'alt':
      for (const item of node.items) collectGroupNames(item, out)
  }
}
