import { isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml'
import { ConfigError } from './config-error.js'
import { parseDuration } from './duration.js'

function tagOf(node: Node | null): string {
  if (node === null) return '!!null'
  if (isMap(node)) return '!!map'
  if (isSeq(node)) return '!!seq'
  if (isScalar(node)) {
    const v = node.value
    if (v === null) return '!!null'
    if (typeof v === 'boolean') return '!!bool'
    if (typeof v === 'number')
      return Number.isInteger(v) && !String(node.source ?? '').includes('.') ? '!!int' : '!!float'
    return '!!str'
  }
  return '!!unknown'
}

/**
 * One value of the configuration document with its path (`scrape_configs[2].scrape_interval`), read
 * with the type rules of Go's YAML decoder: any scalar reads as a string, booleans and numbers must
 * be what they say, unknown and repeated mapping keys are errors.
 */
export class YamlField {
  readonly node: Node | null
  readonly path: string
  private readonly lines: LineCounter

  constructor(node: Node | null, path: string, lines: LineCounter) {
    this.node = node
    this.path = path
    this.lines = lines
  }

  /** True when the value is absent or an explicit `null`/`~`. */
  get isNull(): boolean {
    return this.node === null || (isScalar(this.node) && this.node.value === null)
  }

  /** 1-based line of the value, or 0 when unknown. */
  get line(): number {
    const offset = this.node?.range?.[0]
    return offset === undefined ? 0 : this.lines.linePos(offset).line
  }

  /** Throws a ConfigError naming this field. */
  fail(message: string): never {
    throw new ConfigError(this.path === '' ? message : `${this.path}: ${message}`)
  }

  private typeError(into: string): never {
    const node = this.node
    const shown = isScalar(node) ? ` \`${String(node.source ?? node.value)}\`` : ''
    const where = this.line > 0 ? `line ${this.line}: ` : ''
    throw new ConfigError(`${where}${this.path}: cannot unmarshal ${tagOf(node)}${shown} into ${into}`)
  }

  private child(node: Node | null, key: string): YamlField {
    return new YamlField(node, this.path === '' ? key : `${this.path}.${key}`, this.lines)
  }

  /** The mapping's fields by key; rejects keys not in `known` as Go's strict decoder does. */
  mapping(typeName: string, known: readonly string[]): Map<string, YamlField> {
    const out = new Map<string, YamlField>()
    if (this.isNull) return out
    const node = this.node
    if (!isMap(node)) this.typeError(typeName)
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null
      const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode)
      const keyField = this.child(keyNode, key)
      const where = keyField.line > 0 ? `line ${keyField.line}: ` : ''
      if (!known.includes(key))
        throw new ConfigError(`${where}${keyField.path}: field ${key} not found in type ${typeName}`)
      if (out.has(key))
        throw new ConfigError(`${where}${keyField.path}: field ${key} already set in type ${typeName}`)
      out.set(key, this.child((pair.value as Node | null) ?? null, key))
    }
    return out
  }

  /** Any scalar as its text; null reads as `''`. */
  string(): string {
    if (this.isNull) return ''
    const node = this.node
    if (!isScalar(node)) this.typeError('string')
    const v = node.value
    if (typeof v === 'string') return v
    // Go's decoder keeps a number or boolean's source text when the target is a string.
    return String(node.source ?? v)
  }

  /** A YAML 1.1 boolean (`true`, `yes`, `on`, …). */
  bool(): boolean {
    const node = this.node
    if (isScalar(node) && typeof node.value === 'boolean') return node.value
    return this.typeError('bool')
  }

  /** A non-negative integer. */
  uint(): number {
    const node = this.node
    if (
      isScalar(node) &&
      typeof node.value === 'number' &&
      Number.isSafeInteger(node.value) &&
      node.value >= 0
    )
      return node.value
    return this.typeError('uint')
  }

  /** A Prometheus duration in milliseconds. */
  duration(): number {
    try {
      return parseDuration(this.string())
    } catch (err) {
      if (err instanceof ConfigError) this.fail(err.message)
      throw err
    }
  }

  /** Runs `parse` on the scalar's text and prefixes its ConfigError with this field's path. */
  parsed<T>(parse: (text: string) => T): T {
    try {
      return parse(this.string())
    } catch (err) {
      if (err instanceof ConfigError) this.fail(err.message)
      throw err
    }
  }

  /** The items of a sequence (null reads as empty). */
  list(into: string): YamlField[] {
    if (this.isNull) return []
    const node = this.node
    if (!isSeq(node)) this.typeError(into)
    return node.items.map(
      (item, i) => new YamlField((item as Node | null) ?? null, `${this.path}[${i}]`, this.lines),
    )
  }

  /** A sequence of scalars read as strings. */
  stringList(): string[] {
    return this.list('[]string').map((f) => f.string())
  }

  /** Every entry of a mapping with free-form keys, in document order; a repeated key is an error. */
  entries(typeName: string): Map<string, YamlField> {
    const out = new Map<string, YamlField>()
    if (this.isNull) return out
    const node = this.node
    if (!isMap(node)) this.typeError(typeName)
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null
      const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode)
      if (out.has(key)) this.fail(`mapping key ${JSON.stringify(key)} already defined`)
      out.set(key, this.child((pair.value as Node | null) ?? null, key))
    }
    return out
  }

  /** A mapping of scalars read as strings, in document order. */
  stringMap(typeName = 'map[string]string'): Map<string, string> {
    const out = new Map<string, string>()
    for (const [key, value] of this.entries(typeName)) out.set(key, value.string())
    return out
  }
}
