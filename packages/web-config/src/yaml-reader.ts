import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml'
import { WebConfigError } from './errors.js'

function kindOf(node: Node | null): string {
  if (node === null) return '!!null'
  if (isMap(node)) return '!!map'
  if (isSeq(node)) return '!!seq'
  if (isScalar(node)) {
    const v = node.value
    if (v === null) return '!!null'
    if (typeof v === 'boolean') return '!!bool'
    if (typeof v === 'number') return Number.isInteger(v) ? '!!int' : '!!float'
    return '!!str'
  }
  return '!!unknown'
}

/** A document read by {@link parseYamlV2}: its root node and the line counter for positions. */
export interface YamlV2Document {
  contents: Node | null
  lines: LineCounter
}

/**
 * Parses `text` as Go's yaml.v2 reads it: YAML 1.1 (`yes`/`no`/`on`/`off` are booleans), repeated
 * keys left for the caller to report in Go's words. The first syntax error is thrown as
 * `toError("yaml: line N: …")`, the message Go prints, so each file's loader keeps its own error class.
 */
export function parseYamlV2(text: string, toError: (message: string) => Error): YamlV2Document {
  const lines = new LineCounter()
  const doc = parseDocument(text, {
    version: '1.1',
    lineCounter: lines,
    uniqueKeys: false,
    prettyErrors: false,
  })
  const first = doc.errors[0]
  if (first !== undefined) {
    const line = lines.linePos(first.pos[0]).line
    throw toError(`yaml: line ${line}: ${first.message.split('\n')[0] ?? ''}`)
  }
  return { contents: (doc.contents as Node | null) ?? null, lines }
}

/**
 * One node of the web configuration document, read with the rules of Go's strict YAML decoder
 * (`yaml.UnmarshalStrict`): unknown and repeated keys are errors, any scalar reads as a string,
 * booleans must be booleans. Errors name the line and the Go type the toolkit decodes into.
 */
export class YamlReader {
  private constructor(
    readonly node: Node | null,
    private readonly lines: LineCounter,
  ) {}

  /** Parses a whole document as YAML 1.1, the dialect of Go's yaml.v2. */
  static parse(text: string): YamlReader {
    const { contents, lines } = parseYamlV2(text, (message) => new WebConfigError(message))
    return new YamlReader(contents, lines)
  }

  /** True when the value is absent or an explicit `null`/`~`. */
  get isNull(): boolean {
    return this.node === null || (isScalar(this.node) && this.node.value === null)
  }

  private get where(): string {
    const offset = this.node?.range?.[0]
    return offset === undefined ? '' : `line ${this.lines.linePos(offset).line}: `
  }

  /** Throws a WebConfigError prefixed with this node's line. */
  fail(message: string): never {
    throw new WebConfigError(`${this.where}${message}`)
  }

  private typeError(into: string): never {
    const shown = isScalar(this.node) ? ` \`${String(this.node.source ?? this.node.value)}\`` : ''
    return this.fail(`cannot unmarshal ${kindOf(this.node)}${shown} into ${into}`)
  }

  /** The mapping's values by key; keys outside `known` are refused as the strict decoder does. */
  fields(typeName: string, known: readonly string[]): Map<string, YamlReader> {
    const out = new Map<string, YamlReader>()
    if (this.isNull) return out
    const node = this.node
    if (!isMap(node)) return this.typeError(typeName)
    for (const pair of node.items) {
      const key = this.keyOf(pair.key as Node | null)
      const keyReader = new YamlReader(pair.key as Node | null, this.lines)
      if (!known.includes(key)) keyReader.fail(`field ${key} not found in type ${typeName}`)
      if (out.has(key)) keyReader.fail(`field ${key} already set in type ${typeName}`)
      out.set(key, new YamlReader((pair.value as Node | null) ?? null, this.lines))
    }
    return out
  }

  /** A mapping of strings to strings (`map[string]string`), keys unique. */
  stringMap(typeName: string): Map<string, string> {
    const out = new Map<string, string>()
    if (this.isNull) return out
    const node = this.node
    if (!isMap(node)) return this.typeError(typeName)
    for (const pair of node.items) {
      const key = this.keyOf(pair.key as Node | null)
      if (out.has(key))
        new YamlReader(pair.key as Node | null, this.lines).fail(
          `key ${JSON.stringify(key)} already set in map`,
        )
      out.set(key, new YamlReader((pair.value as Node | null) ?? null, this.lines).string())
    }
    return out
  }

  private keyOf(node: Node | null): string {
    if (isScalar(node)) return node.value === null ? '' : String(node.source ?? node.value)
    return new YamlReader(node, this.lines).typeError('string')
  }

  /** Any scalar as its source text (Go keeps a number's text when the target is a string); null is `''`. */
  string(): string {
    if (this.isNull) return ''
    const node = this.node
    if (!isScalar(node)) return this.typeError('string')
    return typeof node.value === 'string' ? node.value : String(node.source ?? node.value)
  }

  /** A YAML 1.1 boolean (`true`, `yes`, `on`, …). */
  bool(): boolean {
    if (isScalar(this.node) && typeof this.node.value === 'boolean') return this.node.value
    return this.typeError('bool')
  }

  /** A sequence of strings; null is an empty list. */
  stringList(typeName: string): string[] {
    if (this.isNull) return []
    const node = this.node
    if (!isSeq(node)) return this.typeError(typeName)
    return node.items.map((item) => new YamlReader((item as Node | null) ?? null, this.lines).string())
  }

  /** The readers of a sequence's items, for lists whose items are checked one by one. */
  items(typeName: string): YamlReader[] {
    if (this.isNull) return []
    const node = this.node
    if (!isSeq(node)) return this.typeError(typeName)
    return node.items.map((item) => new YamlReader((item as Node | null) ?? null, this.lines))
  }
}
