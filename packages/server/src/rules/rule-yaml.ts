import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml'
import { parseDuration } from '../config/duration.js'
import type { NodePosition } from './rule-types.js'

/** A string value of a rule file with where it was written. */
export interface PositionedString {
  value: string
  position: NodePosition
}

/** A rule as decoded, before validation. */
export interface RawRule {
  record: PositionedString
  alert: PositionedString
  expr: PositionedString
  forMs: number
  keepFiringForMs: number
  labels: Record<string, string>
  annotations: Record<string, string>
}

/** A group as decoded, before validation. */
export interface RawGroup {
  name: string
  position: NodePosition
  intervalMs: number | undefined
  queryOffsetMs: number | undefined
  limit: number
  labels: Record<string, string>
  rules: RawRule[]
}

/** Thrown for input Go's YAML decoder would refuse; each problem is worded as it words it. */
export class RuleYamlError extends Error {
  readonly problems: readonly string[]

  constructor(problems: readonly string[], options?: { cause?: unknown }) {
    super(problems.join('\n'), options)
    this.problems = problems
  }
}

const unmarshalErrors = (lines: readonly string[]): string =>
  `yaml: unmarshal errors:\n${lines.map((p) => `  ${p}`).join('\n')}`

const GROUP_FIELDS = new Set(['name', 'interval', 'query_offset', 'limit', 'labels', 'rules'])
const RULE_FIELDS = new Set(['record', 'alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations'])

/**
 * Decodes a rule file with the rules of Go's strict YAML decoder (unknown fields and type mismatches
 * are collected and reported together as `yaml: unmarshal errors:`), keeping positions for the
 * validation messages that follow.
 */
export function decodeRuleYaml(text: string): RawGroup[] {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false })
  const syntax = doc.errors[0]
  if (syntax !== undefined) {
    const line = syntax.linePos?.[0]?.line ?? 0
    throw new RuleYamlError([`yaml: line ${line}: ${syntax.message.split('\n')[0] ?? ''}`])
  }
  return new Decoder(lines).file(doc.contents)
}

class Decoder {
  private readonly problems: string[] = []
  /**
   * Prometheus decodes a rule file twice, the second time into a shape that only knows `groups`
   * as a list of anything; mismatches at that level are reported by both passes.
   */
  private readonly secondPass: string[] = []

  constructor(private readonly lines: LineCounter) {}

  file(root: Node | null): RawGroup[] {
    const groups: RawGroup[] = []
    if (root !== null && !this.isNull(root)) {
      if (!isMap(root)) {
        this.mismatch(root, 'rulefmt.RuleGroups')
        this.secondPass.push(this.mismatchText(root, 'rulefmt.ruleGroups'))
      } else {
        for (const [key, value] of this.entries(root)) {
          if (key === 'groups') {
            if (value !== null && !this.isNull(value) && !isSeq(value))
              this.secondPass.push(this.mismatchText(value, '[]yaml.Node'))
            for (const item of this.seq(value, 'rulefmt.RuleGroup')) groups.push(this.group(item))
          } else this.unknown(value, key, 'rulefmt.RuleGroups')
        }
      }
    }
    if (this.problems.length > 0) {
      const passes = [unmarshalErrors(this.problems)]
      if (this.secondPass.length > 0) passes.push(unmarshalErrors(this.secondPass))
      throw new RuleYamlError(passes)
    }
    return groups
  }

  private group(node: Node | null): RawGroup {
    const group: RawGroup = {
      name: '',
      position: this.position(node),
      intervalMs: undefined,
      queryOffsetMs: undefined,
      limit: 0,
      labels: {},
      rules: [],
    }
    if (node === null || this.isNull(node)) return group
    if (!isMap(node)) {
      this.mismatch(node, 'rulefmt.RuleGroup')
      return group
    }
    for (const [key, value] of this.entries(node)) {
      if (!GROUP_FIELDS.has(key)) this.unknown(value, key, 'rulefmt.RuleGroup')
      else if (key === 'name') group.name = this.string(value).value
      else if (key === 'interval') group.intervalMs = this.duration(value)
      else if (key === 'query_offset') group.queryOffsetMs = this.duration(value)
      else if (key === 'limit') group.limit = this.int(value)
      else if (key === 'labels') group.labels = this.stringMap(value)
      else for (const item of this.seq(value, 'rulefmt.RuleNode')) group.rules.push(this.rule(item))
    }
    return group
  }

  private rule(node: Node | null): RawRule {
    const empty = (): PositionedString => ({ value: '', position: { line: 0, column: 0 } })
    const rule: RawRule = {
      record: empty(),
      alert: empty(),
      expr: empty(),
      forMs: 0,
      keepFiringForMs: 0,
      labels: {},
      annotations: {},
    }
    if (node === null || this.isNull(node)) return rule
    if (!isMap(node)) {
      this.mismatch(node, 'rulefmt.RuleNode')
      return rule
    }
    for (const [key, value] of this.entries(node)) {
      if (!RULE_FIELDS.has(key)) this.unknown(value, key, 'rulefmt.RuleNode')
      else if (key === 'record') rule.record = this.string(value, true)
      else if (key === 'alert') rule.alert = this.string(value, true)
      else if (key === 'expr') rule.expr = this.string(value, true)
      else if (key === 'for') rule.forMs = this.duration(value)
      else if (key === 'keep_firing_for') rule.keepFiringForMs = this.duration(value)
      else if (key === 'labels') rule.labels = this.stringMap(value)
      else rule.annotations = this.stringMap(value)
    }
    return rule
  }

  private entries(node: Node): [string, Node | null][] {
    const out: [string, Node | null][] = []
    if (!isMap(node)) return out
    for (const pair of node.items) {
      if (!isPair(pair)) continue
      const key = pair.key as Node | null
      const name = key !== null && isScalar(key) ? String(key.source ?? key.value) : ''
      out.push([name, pair.value as Node | null])
    }
    return out
  }

  private seq(node: Node | null, into: string): (Node | null)[] {
    if (node === null || this.isNull(node)) return []
    if (!isSeq(node)) {
      this.mismatch(node, `[]${into}`)
      return []
    }
    return node.items as (Node | null)[]
  }

  /** Go decodes any scalar into a string field; `lenient` (a yaml.Node field) takes collections as ''. */
  private string(node: Node | null, lenient = false): PositionedString {
    const position = this.position(node)
    if (node === null || this.isNull(node)) return { value: '', position }
    if (isScalar(node)) return { value: scalarText(node), position }
    if (!lenient) this.mismatch(node, 'string')
    return { value: '', position }
  }

  private duration(node: Node | null): number {
    const text = this.string(node).value
    if (text === '') return 0
    try {
      return parseDuration(text)
    } catch (err) {
      throw new RuleYamlError([(err as Error).message], { cause: err })
    }
  }

  private int(node: Node | null): number {
    if (node === null || this.isNull(node)) return 0
    if (isScalar(node) && typeof node.value === 'number' && Number.isInteger(node.value)) return node.value
    this.mismatch(node, 'int')
    return 0
  }

  private stringMap(node: Node | null): Record<string, string> {
    const out: Record<string, string> = {}
    if (node === null || this.isNull(node)) return out
    if (!isMap(node)) {
      this.mismatch(node, 'map[string]string')
      return out
    }
    for (const [key, value] of this.entries(node)) out[key] = this.string(value).value
    return out
  }

  private isNull(node: Node): boolean {
    return isScalar(node) && node.value === null
  }

  private position(node: Node | null): NodePosition {
    const offset = node?.range?.[0]
    if (offset === undefined) return { line: 0, column: 0 }
    const { line, col } = this.lines.linePos(offset)
    return { line, column: col }
  }

  private mismatch(node: Node, into: string): void {
    this.problems.push(this.mismatchText(node, into))
  }

  private mismatchText(node: Node, into: string): string {
    const tag = isMap(node) ? '!!map' : isSeq(node) ? '!!seq' : scalarTag(node)
    const shown = isScalar(node) ? ` \`${scalarText(node)}\`` : ''
    return `line ${this.position(node).line}: cannot unmarshal ${tag}${shown} into ${into}`
  }

  private unknown(value: Node | null, key: string, type: string): void {
    const line = value === null ? 0 : this.position(value).line
    this.problems.push(`line ${line}: field ${key} not found in type ${type}`)
  }
}

function scalarText(node: Node): string {
  if (!isScalar(node)) return ''
  if (typeof node.value === 'string') return node.value
  return String(node.source ?? node.value)
}

function scalarTag(node: Node): string {
  if (!isScalar(node)) return '!!unknown'
  const v = node.value
  if (typeof v === 'boolean') return '!!bool'
  if (typeof v === 'number') return Number.isInteger(v) ? '!!int' : '!!float'
  return '!!str'
}
