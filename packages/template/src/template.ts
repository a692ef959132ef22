import { BUILTINS } from './builtins.js'
import { TemplateExecError } from './errors.js'
import { htmlBodyEscape } from './escape.js'
import { ExecState, type MissingKey, type TemplateSetView } from './exec/state.js'
import type { FuncMap, TemplateFunc } from './func.js'
import { goQuote } from './parse/item.js'
import { isEmptyList, parseTemplates, type ParsedTree } from './parse/parser.js'

/** Options of a template set. */
export interface TemplateOptions {
  /** Functions beyond Go's builtins; they may replace builtins of the same name. */
  funcs?: FuncMap
  leftDelim?: string
  rightDelim?: string
  /**
   * Go's `missingkey` option: `invalid` (Go's default: prints `<no value>`), `zero` (the map's zero
   * value: `""` for maps of strings, as Prometheus and Alertmanager use) or `error`.
   */
  missingKey?: MissingKey
  /**
   * Escape printed values for an HTML body, as html/template does for text content; values of
   * type SafeHtml print as they are. (Contextual escaping inside attributes, scripts and URLs is
   * not modelled.)
   */
  html?: boolean
}

/** A value that HTML output prints without escaping (Go's html/template.HTML). */
export class SafeHtml {
  static readonly goType = 'template.HTML'
  constructor(readonly value: string) {}

  /** Prints as the raw text. */
  String(): string {
    return this.value
  }
}

function escapeForHtml(value: unknown, text: string): string {
  return value instanceof SafeHtml ? text : htmlBodyEscape(text)
}

/**
 * A set of parsed templates sharing functions and options: parse once, execute many times.
 * Mirrors Go's text/template.Template: `define`d and `block` templates join the set; a later
 * non-empty definition replaces an earlier one, an empty one never does.
 */
export class Template implements TemplateSetView {
  readonly missingKey: MissingKey
  readonly escape: ((value: unknown, text: string) => string) | undefined
  private readonly trees = new Map<string, ParsedTree>()
  private readonly funcs: Map<string, TemplateFunc>

  private constructor(
    readonly name: string,
    private readonly options: TemplateOptions,
    funcs?: Map<string, TemplateFunc>,
  ) {
    this.missingKey = options.missingKey ?? 'invalid'
    this.escape = options.html === true ? escapeForHtml : undefined
    this.funcs = funcs ?? new Map(Object.entries(options.funcs ?? {}))
  }

  /** Parses `text` as the template `name` (plus whatever it defines); throws TemplateParseError. */
  static parse(name: string, text: string, options: TemplateOptions = {}): Template {
    return new Template(name, options).parse(name, text)
  }

  /** An empty set, to which `parse` adds templates. */
  static create(name: string, options: TemplateOptions = {}): Template {
    return new Template(name, options)
  }

  /** Parses more text into this set under `name` (Go's `t.New(name).Parse(text)`). */
  parse(name: string, text: string): this {
    const trees = parseTemplates(name, text, {
      hasFunction: (f) => this.func(f) !== undefined,
      ...(this.options.leftDelim === undefined ? {} : { leftDelim: this.options.leftDelim }),
      ...(this.options.rightDelim === undefined ? {} : { rightDelim: this.options.rightDelim }),
    })
    for (const tree of trees) {
      const old = this.trees.get(tree.name)
      if (old !== undefined && isEmptyList(tree.root)) continue
      this.trees.set(tree.name, tree)
    }
    return this
  }

  /** A copy sharing nothing mutable: later parses into the copy leave this set unchanged. */
  clone(): Template {
    const copy = new Template(this.name, this.options, new Map(this.funcs))
    for (const [k, v] of this.trees) copy.trees.set(k, v)
    return copy
  }

  /** Adds functions for later parses (Go's `Funcs`). */
  addFuncs(funcs: FuncMap): this {
    for (const [k, v] of Object.entries(funcs)) this.funcs.set(k, v)
    return this
  }

  /** Names of the templates in the set, sorted. */
  templateNames(): string[] {
    return [...this.trees.keys()].sort()
  }

  /** The parsed tree for a name, if the set has it. */
  lookup(name: string): ParsedTree | undefined {
    return this.trees.get(name)
  }

  /** A function by name: the set's own first, then Go's builtins. */
  func(name: string): TemplateFunc | undefined {
    return this.funcs.get(name) ?? BUILTINS[name]
  }

  /** Executes the set's main template (the name it was created with). */
  execute(data?: unknown): Promise<string> {
    const tree = this.trees.get(this.name)
    if (tree === undefined) {
      return Promise.reject(
        new TemplateExecError(
          this.name,
          `template: ${this.name}: ${goQuote(this.name)} is an incomplete or empty template`,
        ),
      )
    }
    return this.run(tree, data)
  }

  /** Executes one named template of the set (Go's ExecuteTemplate). */
  executeTemplate(name: string, data?: unknown): Promise<string> {
    const tree = this.trees.get(name)
    if (tree === undefined) {
      return Promise.reject(
        new TemplateExecError(
          name,
          `template: no template ${goQuote(name)} associated with template ${goQuote(this.name)}`,
        ),
      )
    }
    return this.run(tree, data)
  }

  private async run(tree: ParsedTree, data: unknown): Promise<string> {
    const out: string[] = []
    await new ExecState(this, tree, data, out, 0).run(data)
    return out.join('')
  }
}
