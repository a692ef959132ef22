/** A numeric constant as Go's parser classifies it: the same text may be an int and a float. */
export interface NumberValue {
  isInt: boolean
  isFloat: boolean
  isComplex: boolean
  int: bigint
  float: number
  text: string
}

interface Base {
  /** Offset in the template text, for error positions. */
  pos: number
}

/** A sequence of nodes. */
export interface ListNode extends Base {
  kind: 'list'
  nodes: Node[]
}
/** Literal text between actions. */
export interface TextNode extends Base {
  kind: 'text'
  text: string
}
/** `{{pipeline}}` whose value is printed. */
export interface ActionNode extends Base {
  kind: 'action'
  line: number
  pipe: PipeNode
}
/** Commands joined by `|`, optionally declaring or assigning variables. */
export interface PipeNode extends Base {
  kind: 'pipe'
  line: number
  isAssign: boolean
  decl: VariableNode[]
  cmds: CommandNode[]
}
/** A function or method call, or a lone operand. */
export interface CommandNode extends Base {
  kind: 'command'
  args: Node[]
}
/** A function name. */
export interface IdentifierNode extends Base {
  kind: 'identifier'
  ident: string
}
/** `$x` or `$x.Field.Sub`. */
export interface VariableNode extends Base {
  kind: 'variable'
  ident: string[]
}
/** `.` */
export interface DotNode extends Base {
  kind: 'dot'
}
/** `nil` */
export interface NilNode extends Base {
  kind: 'nil'
}
/** `.Field.Sub` */
export interface FieldNode extends Base {
  kind: 'field'
  ident: string[]
}
/** A term followed by fields, such as `(pipeline).Field`. */
export interface ChainNode extends Base {
  kind: 'chain'
  node: Node
  field: string[]
}
/** `true` or `false`. */
export interface BoolNode extends Base {
  kind: 'bool'
  value: boolean
}
/** A numeric or character constant. */
export interface NumberNode extends Base, NumberValue {
  kind: 'number'
}
/** A quoted or raw string; `quoted` is the source form. */
export interface StringNode extends Base {
  kind: 'string'
  quoted: string
  text: string
}
/** `{{template "name" pipeline}}` */
export interface TemplateNode extends Base {
  kind: 'template'
  line: number
  name: string
  pipe: PipeNode | undefined
}
/** `{{if}}`, `{{range}}` or `{{with}}`, with an optional else branch. */
export interface BranchNode extends Base {
  kind: 'if' | 'range' | 'with'
  line: number
  pipe: PipeNode
  list: ListNode
  elseList: ListNode | undefined
}
/** `{{break}}` or `{{continue}}` inside a range. */
export interface LoopControlNode extends Base {
  kind: 'break' | 'continue'
  line: number
}
/** `{{end}}` and `{{else}}` exist only while parsing. */
export interface DelimiterNode extends Base {
  kind: 'end' | 'else'
  line: number
}

/** Every node of a parsed template. */
export type Node =
  | ListNode
  | TextNode
  | ActionNode
  | PipeNode
  | CommandNode
  | IdentifierNode
  | VariableNode
  | DotNode
  | NilNode
  | FieldNode
  | ChainNode
  | BoolNode
  | NumberNode
  | StringNode
  | TemplateNode
  | BranchNode
  | LoopControlNode
  | DelimiterNode

/** Prints a node back as template source, as Go's Node.String does (used in error contexts). */
export function nodeString(n: Node): string {
  switch (n.kind) {
    case 'list':
      return n.nodes.map(nodeString).join('')
    case 'text':
      return n.text
    case 'action':
      return `{{${nodeString(n.pipe)}}}`
    case 'pipe': {
      let s = ''
      if (n.decl.length > 0) s = n.decl.map(nodeString).join(', ') + (n.isAssign ? ' = ' : ' := ')
      return s + n.cmds.map(nodeString).join(' | ')
    }
    case 'command':
      return n.args.map((a) => (a.kind === 'pipe' ? `(${nodeString(a)})` : nodeString(a))).join(' ')
    case 'identifier':
      return n.ident
    case 'variable':
      return n.ident.join('.')
    case 'dot':
      return '.'
    case 'nil':
      return 'nil'
    case 'field':
      return n.ident.map((f) => '.' + f).join('')
    case 'chain': {
      const head = n.node.kind === 'pipe' ? `(${nodeString(n.node)})` : nodeString(n.node)
      return head + n.field.map((f) => '.' + f).join('')
    }
    case 'bool':
      return String(n.value)
    case 'number':
      return n.text
    case 'string':
      return n.quoted
    case 'template':
      return `{{template ${JSON.stringify(n.name)}${n.pipe ? ' ' + nodeString(n.pipe) : ''}}}`
    case 'if':
    case 'range':
    case 'with': {
      const tail = n.elseList ? `{{else}}${nodeString(n.elseList)}` : ''
      return `{{${n.kind} ${nodeString(n.pipe)}}}${nodeString(n.list)}${tail}{{end}}`
    }
    case 'break':
    case 'continue':
    case 'end':
    case 'else':
      return `{{${n.kind}}}`
  }
}
