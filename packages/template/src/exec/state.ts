import { BUILTINS } from '../builtins.js'
import { TemplateExecError } from '../errors.js'
import { formatV, sprint } from '../fmt/sprintf.js'
import { paramTypeName, specOf, type ExecContext, type ParamKind, type TemplateFunc } from '../func.js'
import type {
  BranchNode,
  ChainNode,
  CommandNode,
  FieldNode,
  IdentifierNode,
  Node,
  NumberNode,
  PipeNode,
  TemplateNode,
  VariableNode,
} from '../parse/ast.js'
import { nodeString } from '../parse/ast.js'
import { validateArg } from './arg-types.js'
import { errorContext } from './error-context.js'
import { Scope } from './scope.js'
import { goQuote } from '../parse/item.js'
import type { ParsedTree } from '../parse/parser.js'
import { isTrue, kindOf, sortedEntries } from '../values.js'
import { selectField } from './select-field.js'
import type { AnyFunction } from '../values.js'

/** Go's missingkey option: what `.key` yields when a map lacks the key. */
export type MissingKey = 'invalid' | 'zero' | 'error'

/** What the executor needs from the template set. */
export interface TemplateSetView {
  lookup(name: string): ParsedTree | undefined
  func(name: string): TemplateFunc | undefined
  readonly missingKey: MissingKey
  /** Escapes printed values (html/template-like output) unless they are marked safe. */
  readonly escape: ((value: unknown, text: string) => string) | undefined
}

const MISSING: unique symbol = Symbol('missing')
type Final = unknown
const BREAK = Symbol('break')
const CONTINUE = Symbol('continue')

/** Go allows 100000 nested template calls; JavaScript's async stack is shallower. */
export const MAX_EXEC_DEPTH = 1000

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function'
}

/** One execution of one template body: its variables, output and the node being evaluated. */
export class ExecState implements ExecContext {
  private node: Node | undefined
  private readonly scope: Scope

  constructor(
    private readonly set: TemplateSetView,
    private readonly tree: ParsedTree,
    dot: unknown,
    private readonly out: string[],
    private readonly depth: number,
  ) {
    this.scope = new Scope(dot)
  }

  /** Runs the body with the given dot. */
  async run(dot: unknown): Promise<void> {
    await this.walk(dot, this.tree.root)
  }

  async executeTemplate(name: string, data: unknown): Promise<string> {
    const tree = this.set.lookup(name)
    if (tree === undefined)
      throw new Error(
        `template: no template ${goQuote(name)} associated with template ${goQuote(this.tree.name)}`,
      )
    const out: string[] = []
    await new ExecState(this.set, tree, data, out, this.depth + 1).run(data)
    return out.join('')
  }

  private at(n: Node): void {
    this.node = n
  }

  private errorf(message: string, cause?: unknown): never {
    const name = this.tree.name
    const options = cause === undefined ? undefined : { cause }
    if (this.node === undefined) throw new TemplateExecError(name, `template: ${name}: ${message}`, options)
    const { location, context } = errorContext(this.tree, this.node)
    throw new TemplateExecError(
      name,
      `template: ${location}: executing ${goQuote(name)} at <${context}>: ${message}`,
      options,
    )
  }

  private async walk(dot: unknown, node: Node): Promise<void> {
    switch (node.kind) {
      case 'action': {
        const val = await this.evalPipeline(dot, node.pipe)
        if (node.pipe.decl.length === 0) this.print(node, val)
        return
      }
      case 'break':
        throw BREAK
      case 'continue':
        throw CONTINUE
      case 'if':
      case 'with':
        return this.walkIfOrWith(dot, node)
      case 'list':
        for (const n of node.nodes) await this.walk(dot, n)
        return
      case 'range':
        return this.walkRange(dot, node)
      case 'template':
        return this.walkTemplate(dot, node)
      case 'text':
        this.out.push(node.text)
        return
    }
    this.errorf(`unknown node: ${nodeString(node)}`)
  }

  private print(node: Node, v: unknown): void {
    this.at(node)
    if (typeof v === 'function') this.errorf(`can't print ${nodeString(node)} of type func`)
    const text = v === undefined ? '<no value>' : typeof v === 'string' ? v : formatV(v)
    this.out.push(this.set.escape ? this.set.escape(v, text) : text)
  }

  private async walkIfOrWith(dot: unknown, node: BranchNode): Promise<void> {
    const mark = this.scope.mark()
    try {
      const val = await this.evalPipeline(dot, node.pipe)
      if (isTrue(val)) await this.walk(node.kind === 'with' ? val : dot, node.list)
      else if (node.elseList) await this.walk(dot, node.elseList)
    } finally {
      this.scope.pop(mark)
    }
  }

  private async walkRange(dot: unknown, node: BranchNode): Promise<void> {
    this.at(node)
    const outer = this.scope.mark()
    try {
      const val = await this.evalPipeline(dot, node.pipe)
      const mark = this.scope.mark()
      const decl = node.pipe.decl
      const one = async (key: unknown, elem: unknown): Promise<boolean> => {
        if (decl.length > 0) {
          if (node.pipe.isAssign) this.setVar(decl[0]?.ident[0] ?? '', decl.length > 1 ? key : elem)
          else this.scope.setTop(1, elem)
        }
        if (decl.length > 1) {
          if (node.pipe.isAssign) this.setVar(decl[1]?.ident[0] ?? '', elem)
          else this.scope.setTop(2, key)
        }
        try {
          await this.walk(elem, node.list)
        } catch (err) {
          if (err === BREAK) return false
          if (err !== CONTINUE) throw err
        } finally {
          this.scope.pop(mark)
        }
        return true
      }
      let entries: Array<[unknown, unknown]>
      switch (kindOf(val)) {
        case 'slice':
          entries = (val as unknown[]).map((e, i) => [BigInt(i), e])
          break
        case 'map':
          entries = sortedEntries(val)
          break
        case 'int': {
          const n = Number(val)
          entries = Array.from({ length: Math.max(n, 0) }, (_, i) => [BigInt(i), BigInt(i)])
          break
        }
        case 'invalid':
        case 'nil':
          entries = []
          break
        default:
          this.errorf(`range can't iterate over ${sprint([val])}`)
      }
      for (const [k, e] of entries) if (!(await one(k, e))) break
      if (entries.length === 0 && node.elseList) await this.walk(dot, node.elseList)
    } finally {
      this.scope.pop(outer)
    }
  }

  private async walkTemplate(dot: unknown, node: TemplateNode): Promise<void> {
    this.at(node)
    const tree = this.set.lookup(node.name)
    if (tree === undefined) this.errorf(`template ${goQuote(node.name)} not defined`)
    if (this.depth >= MAX_EXEC_DEPTH) this.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`)
    const data = node.pipe ? await this.evalPipeline(dot, node.pipe) : undefined
    await new ExecState(this.set, tree, data, this.out, this.depth + 1).run(data)
  }

  private async evalPipeline(dot: unknown, pipe: PipeNode): Promise<unknown> {
    this.at(pipe)
    let value: unknown = MISSING
    for (const cmd of pipe.cmds) value = await this.evalCommand(dot, cmd, value)
    for (const v of pipe.decl) {
      const name = v.ident[0] ?? ''
      if (pipe.isAssign) this.setVar(name, value)
      else this.scope.push(name, value)
    }
    return value
  }

  private notAFunction(args: readonly Node[], final: Final): void {
    const first = args[0]
    if (args.length > 1 || final !== MISSING) {
      this.errorf(`can't give argument to non-function ${first ? nodeString(first) : ''}`)
    }
  }

  private async evalCommand(dot: unknown, cmd: CommandNode, final: Final): Promise<unknown> {
    const first = cmd.args[0]
    if (first === undefined) this.errorf('empty command')
    switch (first.kind) {
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final)
      case 'chain':
        return this.evalChainNode(dot, first, cmd.args, final)
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final)
      case 'pipe':
        this.notAFunction(cmd.args, final)
        return this.evalPipeline(dot, first)
      case 'variable':
        return this.evalVariableNode(dot, first, cmd.args, final)
    }
    this.at(first)
    this.notAFunction(cmd.args, final)
    switch (first.kind) {
      case 'bool':
        return first.value
      case 'dot':
        return dot
      case 'nil':
        return this.errorf('nil is not a command')
      case 'number':
        return this.idealConstant(first)
      case 'string':
        return first.text
    }
    this.errorf(`can't evaluate command ${goQuote(nodeString(first))}`)
  }

  private idealConstant(n: NumberNode): unknown {
    const hexInt = /^[+-]?0[xX]/.test(n.text) && !/[pP]/.test(n.text)
    if (n.isFloat && !hexInt && !n.text.startsWith("'") && /[.eEpP]/.test(n.text)) return n.float
    if (n.isInt) return n.int
    this.errorf(`${n.text} overflows int`)
  }

  private async evalFieldNode(
    dot: unknown,
    field: FieldNode,
    args: readonly Node[],
    final: Final,
  ): Promise<unknown> {
    this.at(field)
    return this.evalFieldChain(dot, dot, field, field.ident, args, final)
  }

  private async evalChainNode(
    dot: unknown,
    chain: ChainNode,
    args: readonly Node[],
    final: Final,
  ): Promise<unknown> {
    this.at(chain)
    if (chain.node.kind === 'nil') this.errorf(`indirection through explicit nil in ${nodeString(chain)}`)
    const receiver = await this.evalArg(dot, 'any', chain.node)
    return this.evalFieldChain(dot, receiver, chain, chain.field, args, final)
  }

  private async evalVariableNode(
    dot: unknown,
    v: VariableNode,
    args: readonly Node[],
    final: Final,
  ): Promise<unknown> {
    this.at(v)
    const value = this.varValue(v.ident[0] ?? '$')
    if (v.ident.length === 1) {
      this.notAFunction(args, final)
      return value
    }
    return this.evalFieldChain(dot, value, v, v.ident.slice(1), args, final)
  }

  private async evalFieldChain(
    dot: unknown,
    receiver: unknown,
    node: Node,
    ident: readonly string[],
    args: readonly Node[],
    final: Final,
  ): Promise<unknown> {
    let cur = receiver
    for (let i = 0; i < ident.length - 1; i++)
      cur = await this.evalField(dot, ident[i] ?? '', node, [], MISSING, cur)
    return this.evalField(dot, ident[ident.length - 1] ?? '', node, args, final, cur)
  }

  private async evalField(
    dot: unknown,
    name: string,
    node: Node,
    args: readonly Node[],
    final: Final,
    receiver: unknown,
  ): Promise<unknown> {
    const sel = selectField(receiver, name, args.length > 1 || final !== MISSING, this.set.missingKey)
    if (sel.kind === 'method') return this.evalCall(dot, sel.fn, sel.receiver, node, name, args, final)
    if (sel.kind === 'error') return this.errorf(sel.message)
    return sel.value
  }

  private async evalFunction(
    dot: unknown,
    node: IdentifierNode,
    cmd: Node,
    args: readonly Node[],
    final: Final,
  ): Promise<unknown> {
    this.at(node)
    const fn = this.set.func(node.ident)
    if (fn === undefined) this.errorf(`${goQuote(node.ident)} is not a defined function`)
    if ((node.ident === 'and' || node.ident === 'or') && fn === BUILTINS[node.ident]) {
      return this.evalAndOr(dot, node.ident, args, final)
    }
    return this.evalCall(dot, fn, this, cmd, node.ident, args, final)
  }

  private async evalAndOr(dot: unknown, name: string, args: readonly Node[], final: Final): Promise<unknown> {
    const operands = args.slice(1)
    const count = operands.length + (final === MISSING ? 0 : 1)
    if (count < 1) this.errorf(`wrong number of args for ${name}: want at least 1 got 0`)
    let v: unknown
    for (const arg of operands) {
      v = await this.evalArg(dot, 'any', arg)
      if (isTrue(v) === (name === 'or')) return v
    }
    if (final !== MISSING) v = final
    return v
  }

  private async evalCall(
    dot: unknown,
    fn: TemplateFunc,
    receiver: unknown,
    node: Node,
    name: string,
    argNodes: readonly Node[],
    final: Final,
  ): Promise<unknown> {
    const args = argNodes.slice(1)
    const spec = specOf(fn)
    const numIn = args.length + (final === MISSING ? 0 : 1)
    const numFixed = spec.params.length
    if (spec.variadic !== undefined) {
      if (numIn < numFixed)
        this.errorf(`wrong number of args for ${name}: want at least ${numFixed} got ${numIn}`)
    } else if (numIn !== numFixed) {
      this.errorf(`wrong number of args for ${name}: want ${numFixed} got ${numIn}`)
    }
    const paramAt = (i: number): ParamKind =>
      i < numFixed ? (spec.params[i] ?? 'any') : (spec.variadic ?? 'any')
    const argv: unknown[] = []
    for (let i = 0; i < args.length; i++) argv.push(await this.evalArg(dot, paramAt(i), args[i] as Node))
    if (final !== MISSING) argv.push(this.validateType(final, paramAt(numIn - 1)))
    let result: unknown
    try {
      result = (fn as AnyFunction).apply(receiver, argv)
      if (isThenable(result)) result = await result
    } catch (err) {
      if (err instanceof TemplateExecError) throw err
      this.at(node)
      this.errorf(`error calling ${name}: ${errorMessage(err)}`, err)
    }
    return result
  }

  private async evalArg(dot: unknown, type: ParamKind, n: Node): Promise<unknown> {
    this.at(n)
    switch (n.kind) {
      case 'dot':
        return this.validateType(dot, type)
      case 'nil':
        if (type === 'any' || type === 'strings') return null
        return this.errorf(`cannot assign nil to ${paramTypeName(type)}`)
      case 'field':
        return this.validateType(await this.evalFieldNode(dot, n, [n], MISSING), type)
      case 'variable':
        return this.validateType(await this.evalVariableNode(dot, n, [], MISSING), type)
      case 'pipe':
        return this.validateType(await this.evalPipeline(dot, n), type)
      case 'identifier':
        return this.validateType(await this.evalFunction(dot, n, n, [], MISSING), type)
      case 'chain':
        return this.validateType(await this.evalChainNode(dot, n, [], MISSING), type)
    }
    switch (type) {
      case 'bool':
        if (n.kind === 'bool') return n.value
        return this.errorf(`expected bool; found ${nodeString(n)}`)
      case 'float':
        if (n.kind === 'number' && n.isFloat) return n.float
        return this.errorf(`expected float; found ${nodeString(n)}`)
      case 'int':
        if (n.kind === 'number' && n.isInt) return n.int
        return this.errorf(`expected integer; found ${nodeString(n)}`)
      case 'string':
        if (n.kind === 'string') return n.text
        return this.errorf(`expected string; found ${nodeString(n)}`)
      case 'any':
        if (n.kind === 'bool') return n.value
        if (n.kind === 'number') return this.idealConstant(n)
        if (n.kind === 'string') return n.text
    }
    this.errorf(`can't handle ${nodeString(n)} for arg of type ${paramTypeName(type)}`)
  }

  private validateType(value: unknown, type: ParamKind): unknown {
    const checked = validateArg(value, type)
    if (!checked.ok) return this.errorf(checked.message)
    return checked.value
  }

  private varValue(name: string): unknown {
    const v = this.scope.lookup(name)
    if (!v.found) this.errorf(`undefined variable: ${name}`)
    return v.value
  }

  private setVar(name: string, value: unknown): void {
    if (!this.scope.set(name, value)) this.errorf(`undefined variable: ${name}`)
  }
}
