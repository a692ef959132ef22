import { TemplateParseError } from '../errors.js'
import type {
  BranchNode,
  CommandNode,
  DelimiterNode,
  ListNode,
  Node,
  PipeNode,
  TemplateNode,
  VariableNode,
} from './ast.js'
import { nodeString } from './ast.js'
import { goQuote, itemString, type Item, type ItemType } from './item.js'
import { lex } from './lexer.js'
import { parseNumber, unquote } from './literals.js'

/** One parsed template body and where its text came from (for error positions). */
export interface ParsedTree {
  name: string
  /** The name the text was parsed under: the top-level template, not the `define`. */
  parseName: string
  text: string
  root: ListNode
}

/** Options for one parse. */
export interface ParseOptions {
  leftDelim?: string
  rightDelim?: string
  /** True if a function of that name is known (builtins included). */
  hasFunction: (name: string) => boolean
}

const OPERAND_START: ReadonlySet<ItemType> = new Set<ItemType>([
  'bool',
  'charConstant',
  'complex',
  'dot',
  'field',
  'identifier',
  'number',
  'nil',
  'rawString',
  'string',
  'variable',
  'leftParen',
])

/**
 * Parses template text into its main tree plus one tree per `define`/`block`, following Go's
 * text/template/parse grammar and error messages.
 */
export function parseTemplates(name: string, text: string, options: ParseOptions): ParsedTree[] {
  const items = lex(text, options.leftDelim ?? '{{', options.rightDelim ?? '}}')
  const trees: ParsedTree[] = []
  const main = new TreeParser(name, name, text, items, options.hasFunction, trees, { i: 0 })
  main.parseMain()
  return [...trees, main.tree()]
}

/** Parsers for nested definitions share the token cursor with their parent. */
interface Cursor {
  i: number
}

class TreeParser {
  private root: ListNode = { kind: 'list', pos: 0, nodes: [] }
  private vars: string[] = ['$']
  private rangeDepth = 0
  private token: Item

  constructor(
    private readonly name: string,
    private readonly parseName: string,
    private readonly text: string,
    private readonly items: Item[],
    private readonly hasFunction: (name: string) => boolean,
    private readonly trees: ParsedTree[],
    private readonly cursor: Cursor,
  ) {
    this.token = items[0] ?? { type: 'eof', val: '', pos: 0, line: 1 }
  }

  tree(): ParsedTree {
    return { name: this.name, parseName: this.parseName, text: this.text, root: this.root }
  }

  private errorf(message: string): never {
    throw new TemplateParseError(this.parseName, this.token.line, message)
  }

  private next(): Item {
    const item = this.items[Math.min(this.cursor.i, this.items.length - 1)]
    if (item === undefined) throw new TemplateParseError(this.parseName, 1, 'unexpected EOF')
    this.cursor.i++
    this.token = item
    if (item.type === 'error') this.errorf(item.val)
    return item
  }

  private backup(): void {
    this.cursor.i--
  }

  private peek(): Item {
    const item = this.next()
    this.backup()
    return item
  }

  private nextNonSpace(): Item {
    let item = this.next()
    while (item.type === 'space') item = this.next()
    return item
  }

  private peekNonSpace(): Item {
    const item = this.nextNonSpace()
    this.backup()
    return item
  }

  private expect(type: ItemType, context: string): Item {
    const item = this.nextNonSpace()
    if (item.type !== type) this.unexpected(item, context)
    return item
  }

  private unexpected(item: Item, context: string): never {
    this.errorf(`unexpected ${itemString(item)} in ${context}`)
  }

  parseMain(): void {
    while (this.peek().type !== 'eof') {
      if (this.peek().type === 'leftDelim') {
        const mark = this.cursor.i
        this.next()
        if (this.nextNonSpace().type === 'define') {
          this.parseDefinition()
          continue
        }
        this.cursor.i = mark
      }
      const n = this.textOrAction()
      if (n.kind === 'end' || n.kind === 'else') this.errorf(`unexpected ${nodeString(n)}`)
      this.root.nodes.push(n)
    }
  }

  private parseDefinition(): void {
    const context = 'define clause'
    const nameItem = this.nextNonSpace()
    const name = this.templateName(nameItem, context)
    this.expect('rightDelim', context)
    const sub = this.child(name)
    const [list, end] = sub.itemList()
    if (end.kind !== 'end') this.errorf(`unexpected ${nodeString(end)} in ${context}`)
    sub.root = list
    this.addTree(sub.tree())
  }

  /** Within one parse a name may be defined once with a body; empty bodies never replace others. */
  private addTree(tree: ParsedTree): void {
    const i = this.trees.findIndex((t) => t.name === tree.name)
    const old = i >= 0 ? this.trees[i] : undefined
    if (old === undefined) this.trees.push(tree)
    else if (isEmptyList(old.root)) this.trees[i] = tree
    else if (!isEmptyList(tree.root)) this.errorf(`template: multiple definition of template "${tree.name}"`)
  }

  private child(name: string): TreeParser {
    return new TreeParser(
      name,
      this.parseName,
      this.text,
      this.items,
      this.hasFunction,
      this.trees,
      this.cursor,
    )
  }

  private templateName(item: Item, context: string): string {
    if (item.type !== 'string' && item.type !== 'rawString') this.unexpected(item, context)
    const s = unquote(item.val)
    if (s === undefined) this.errorf('invalid syntax')
    return s
  }

  private itemList(): [ListNode, DelimiterNode] {
    const list: ListNode = { kind: 'list', pos: this.peekNonSpace().pos, nodes: [] }
    while (this.peekNonSpace().type !== 'eof') {
      const n = this.textOrAction()
      if (n.kind === 'end' || n.kind === 'else') return [list, n]
      list.nodes.push(n)
    }
    this.errorf('unexpected EOF')
  }

  private textOrAction(): Node {
    const token = this.nextNonSpace()
    if (token.type === 'text') return { kind: 'text', pos: token.pos, text: token.val }
    if (token.type === 'leftDelim') return this.action()
    this.unexpected(token, 'input')
  }

  private action(): Node {
    const token = this.nextNonSpace()
    switch (token.type) {
      case 'block':
        return this.blockControl()
      case 'break':
      case 'continue':
        return this.loopControl(token)
      case 'else':
        return this.elseControl()
      case 'end':
        return { kind: 'end', pos: this.expect('rightDelim', 'end').pos, line: token.line }
      case 'if':
      case 'range':
      case 'with':
        return this.branch(token.type)
      case 'template':
        return this.templateControl()
    }
    this.backup()
    const start = this.peek()
    return { kind: 'action', pos: start.pos, line: start.line, pipe: this.pipeline('command', 'rightDelim') }
  }

  private loopControl(token: Item): Node {
    const kind = token.type === 'break' ? 'break' : 'continue'
    const after = this.nextNonSpace()
    if (after.type !== 'rightDelim') this.unexpected(after, `{{${kind}}}`)
    if (this.rangeDepth === 0) this.errorf(`{{${kind}}} outside {{range}}`)
    return { kind, pos: token.pos, line: token.line }
  }

  private elseControl(): DelimiterNode {
    const peek = this.peekNonSpace()
    // `{{else if …}}` and `{{else with …}}` leave the keyword pending for branch() to chain.
    if (peek.type === 'if' || peek.type === 'with') return { kind: 'else', pos: peek.pos, line: peek.line }
    const token = this.expect('rightDelim', 'else')
    return { kind: 'else', pos: token.pos, line: token.line }
  }

  private branch(kind: 'if' | 'range' | 'with'): BranchNode {
    const varCount = this.vars.length
    const pipe = this.pipeline(kind, 'rightDelim')
    if (kind === 'range') this.rangeDepth++
    const [list, next] = this.itemList()
    if (kind === 'range') this.rangeDepth--
    let elseList: ListNode | undefined
    if (next.kind === 'else') {
      const chained = this.peek().type
      if ((kind === 'if' && chained === 'if') || (kind === 'with' && chained === 'with')) {
        this.next()
        elseList = { kind: 'list', pos: next.pos, nodes: [this.branch(kind)] }
      } else {
        const [els, end] = this.itemList()
        if (end.kind !== 'end') this.errorf(`expected end; found ${nodeString(end)}`)
        elseList = els
      }
    }
    this.vars.length = varCount
    return { kind, pos: pipe.pos, line: pipe.line, pipe, list, elseList }
  }

  private templateControl(): TemplateNode {
    const context = 'template clause'
    const token = this.nextNonSpace()
    const name = this.templateName(token, context)
    let pipe: PipeNode | undefined
    if (this.nextNonSpace().type !== 'rightDelim') {
      this.backup()
      pipe = this.pipeline(context, 'rightDelim')
    }
    return { kind: 'template', pos: token.pos, line: token.line, name, pipe }
  }

  private blockControl(): TemplateNode {
    const context = 'block clause'
    const token = this.nextNonSpace()
    const name = this.templateName(token, context)
    const pipe = this.pipeline(context, 'rightDelim')
    const sub = this.child(name)
    const [list, end] = sub.itemList()
    if (end.kind !== 'end') this.errorf(`unexpected ${nodeString(end)} in ${context}`)
    sub.root = list
    this.addTree(sub.tree())
    return { kind: 'template', pos: token.pos, line: token.line, name, pipe }
  }

  private pipeline(context: string, end: ItemType): PipeNode {
    const start = this.peekNonSpace()
    const pipe: PipeNode = {
      kind: 'pipe',
      pos: start.pos,
      line: start.line,
      isAssign: false,
      decl: [],
      cmds: [],
    }
    this.declarations(pipe, context)
    for (;;) {
      const token = this.nextNonSpace()
      if (token.type === end) {
        this.checkPipeline(pipe, context)
        return pipe
      }
      if (!OPERAND_START.has(token.type)) this.unexpected(token, context)
      this.backup()
      pipe.cmds.push(this.command())
    }
  }

  private declarations(pipe: PipeNode, context: string): void {
    for (;;) {
      const v = this.peekNonSpace()
      if (v.type !== 'variable') return
      const mark = this.cursor.i
      this.nextNonSpace()
      const next = this.peekNonSpace()
      if (next.type === 'assign' || next.type === 'declare') {
        pipe.isAssign = next.type === 'assign'
        this.nextNonSpace()
        pipe.decl.push({ kind: 'variable', pos: v.pos, ident: [v.val] })
        this.vars.push(v.val)
        return
      }
      if (next.type === 'char' && next.val === ',') {
        this.nextNonSpace()
        pipe.decl.push({ kind: 'variable', pos: v.pos, ident: [v.val] })
        this.vars.push(v.val)
        if (context === 'range' && pipe.decl.length < 2) {
          const after = this.peekNonSpace().type
          if (after === 'variable' || after === 'rightDelim' || after === 'rightParen') continue
          this.errorf('range can only initialize variables')
        }
        this.errorf(`too many declarations in ${context}`)
      }
      this.cursor.i = mark
      return
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`)
    pipe.cmds.slice(1).forEach((c, i) => {
      const first = c.args[0]?.kind
      if (
        first === 'bool' ||
        first === 'dot' ||
        first === 'nil' ||
        first === 'number' ||
        first === 'string'
      ) {
        this.errorf(`non executable command in pipeline stage ${i + 2}`)
      }
    })
  }

  private command(): CommandNode {
    const cmd: CommandNode = { kind: 'command', pos: this.peekNonSpace().pos, args: [] }
    for (;;) {
      this.peekNonSpace()
      const operand = this.operand()
      if (operand !== undefined) cmd.args.push(operand)
      const token = this.next()
      if (token.type === 'space') continue
      if (token.type === 'rightDelim' || token.type === 'rightParen') this.backup()
      else if (token.type !== 'pipe') this.unexpected(token, 'operand')
      break
    }
    if (cmd.args.length === 0) this.errorf('empty command')
    return cmd
  }

  private operand(): Node | undefined {
    const node = this.term()
    if (node === undefined) return undefined
    if (this.peek().type !== 'field') return node
    const pos = this.peek().pos
    const fields: string[] = []
    while (this.peek().type === 'field') fields.push(this.next().val.slice(1))
    switch (node.kind) {
      case 'field':
        return { kind: 'field', pos, ident: [...node.ident, ...fields] }
      case 'variable':
        return { kind: 'variable', pos, ident: [...node.ident, ...fields] }
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        this.errorf(`unexpected . after term ${goQuote(nodeString(node))}`)
    }
    return { kind: 'chain', pos, node, field: fields }
  }

  private term(): Node | undefined {
    const token = this.nextNonSpace()
    switch (token.type) {
      case 'identifier':
        if (!this.hasFunction(token.val)) this.errorf(`function "${token.val}" not defined`)
        return { kind: 'identifier', pos: token.pos, ident: token.val }
      case 'dot':
        return { kind: 'dot', pos: token.pos }
      case 'nil':
        return { kind: 'nil', pos: token.pos }
      case 'variable':
        return this.useVar(token)
      case 'field':
        return { kind: 'field', pos: token.pos, ident: [token.val.slice(1)] }
      case 'bool':
        return { kind: 'bool', pos: token.pos, value: token.val === 'true' }
      case 'charConstant':
      case 'complex':
      case 'number': {
        const n = parseNumber(token.val, token.type === 'charConstant')
        if (typeof n === 'string') this.errorf(n)
        return { kind: 'number', pos: token.pos, ...n }
      }
      case 'leftParen':
        return this.pipeline('parenthesized pipeline', 'rightParen')
      case 'string':
      case 'rawString': {
        const s = unquote(token.val)
        if (s === undefined) this.errorf('invalid syntax')
        return { kind: 'string', pos: token.pos, quoted: token.val, text: s }
      }
    }
    this.backup()
    return undefined
  }

  private useVar(token: Item): VariableNode {
    const ident = token.val.split('.')
    const name = ident[0] ?? token.val
    if (!this.vars.includes(name)) this.errorf(`undefined variable "${name}"`)
    return { kind: 'variable', pos: token.pos, ident }
  }
}

/** True if a body holds nothing but whitespace text, as Go's parse.IsEmptyTree decides. */
export function isEmptyList(list: ListNode): boolean {
  return list.nodes.every((n) => n.kind === 'text' && n.text.trim() === '')
}
