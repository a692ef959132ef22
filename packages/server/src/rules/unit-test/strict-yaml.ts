import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml'
import { parseDuration } from '../../config/duration.js'

/** How one field decodes; objects nest. */
export type FieldSpec =
  'string' | 'duration' | 'float' | 'stringMap' | 'stringList' | { object: ObjectSpec } | { list: ObjectSpec }

/** The fields of a Go struct being decoded into, and its Go type name for error messages. */
export interface ObjectSpec {
  type: string
  fields: Readonly<Record<string, FieldSpec>>
}

/** Input Go's strict YAML decoder (yaml.v2 UnmarshalStrict) would refuse; the message is worded as it words it. */
export class StrictYamlError extends Error {}

/**
 * Decodes YAML into plain objects the way Go's strict decoder fills a struct: unknown fields and
 * type mismatches are collected into one `yaml: unmarshal errors:` error; scalars read as strings
 * where strings are expected; durations are Prometheus durations (in ms). Absent fields are absent.
 */
export function decodeStrict(text: string, spec: ObjectSpec): Record<string, unknown> {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false })
  const syntax = doc.errors[0]
  if (syntax !== undefined)
    throw new StrictYamlError(
      `yaml: line ${syntax.linePos?.[0]?.line ?? 0}: ${syntax.message.split('\n')[0] ?? ''}`,
    )
  const problems: string[] = []
  const lineOf = (node: Node): number => lines.linePos(node.range?.[0] ?? 0).line
  const mismatch = (node: Node, into: string): undefined => {
    const tag = isMap(node)
      ? '!!map'
      : isSeq(node)
        ? '!!seq'
        : typeof (node as { value?: unknown }).value === 'number'
          ? '!!int'
          : '!!str'
    const shown = isScalar(node) ? ` \`${String(node.source ?? node.value)}\`` : ''
    problems.push(`line ${lineOf(node)}: cannot unmarshal ${tag}${shown} into ${into}`)
    return undefined
  }
  const isNull = (node: Node | null): node is null => node === null || (isScalar(node) && node.value === null)
  const scalarString = (node: Node): string | undefined => {
    if (!isScalar(node)) return mismatch(node, 'string')
    return typeof node.value === 'string' ? node.value : String(node.source ?? node.value)
  }
  const decode = (node: Node | null, field: FieldSpec): unknown => {
    if (isNull(node)) return undefined
    if (field === 'string') return scalarString(node)
    if (field === 'duration') {
      const s = scalarString(node)
      if (s === undefined) return undefined
      try {
        return parseDuration(s)
      } catch (err) {
        throw new StrictYamlError((err as Error).message, { cause: err })
      }
    }
    if (field === 'float') {
      if (isScalar(node) && typeof node.value === 'number') return node.value
      const s = isScalar(node) ? String(node.source ?? node.value) : ''
      const special = /^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$/.exec(s)
      if (special !== null)
        return s.includes('nan') || s.includes('NaN') || s.includes('NAN')
          ? NaN
          : s.startsWith('-')
            ? -Infinity
            : Infinity
      return mismatch(node, 'float64')
    }
    if (field === 'stringMap') {
      if (!isMap(node)) return mismatch(node, 'map[string]string')
      const out: Record<string, string> = {}
      for (const [k, v] of entries(node)) out[k] = isNull(v) ? '' : (scalarString(v) ?? '')
      return out
    }
    if (field === 'stringList') {
      if (!isSeq(node)) return mismatch(node, '[]string')
      return (node.items as (Node | null)[]).map((item) => (isNull(item) ? '' : (scalarString(item) ?? '')))
    }
    if ('list' in field) {
      if (!isSeq(node)) return mismatch(node, `[]${field.list.type}`)
      return (node.items as (Node | null)[]).map((item) => decode(item, { object: field.list }) ?? {})
    }
    if (!isMap(node)) return mismatch(node, field.object.type)
    const out: Record<string, unknown> = {}
    for (const [k, v, keyNode] of entries(node)) {
      const sub = field.object.fields[k]
      if (sub === undefined)
        problems.push(`line ${lineOf(keyNode)}: field ${k} not found in type ${field.object.type}`)
      else {
        const value = decode(v, sub)
        if (value !== undefined) out[k] = value
      }
    }
    return out
  }
  const root = doc.contents as Node | null
  const result = isNull(root) ? {} : decode(root, { object: spec })
  if (problems.length > 0)
    throw new StrictYamlError(`yaml: unmarshal errors:\n${problems.map((p) => `  ${p}`).join('\n')}`)
  return (result ?? {}) as Record<string, unknown>
}

function entries(node: Node): [string, Node | null, Node][] {
  const out: [string, Node | null, Node][] = []
  if (!isMap(node)) return out
  for (const pair of node.items) {
    if (!isPair(pair)) continue
    const key = pair.key as Node
    out.push([isScalar(key) ? String(key.source ?? key.value) : '', pair.value as Node | null, key])
  }
  return out
}
