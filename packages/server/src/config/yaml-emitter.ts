/** A mapping whose keys print in the given order (Go structs print their fields in declaration order). */
export interface YamlMap {
  readonly kind: 'map'
  readonly entries: readonly (readonly [string, YamlNode])[]
}

/** A list of strings printed on one line, `[a, b]` (Go's `yaml:",flow"` tag). */
export interface YamlFlowList {
  readonly kind: 'flow'
  readonly items: readonly string[]
}

/** A value the emitter prints; `null` prints as `null` (a Go marshaller returning nil). */
export type YamlNode = string | number | boolean | null | readonly YamlNode[] | YamlMap | YamlFlowList

/** A mapping from entries, skipping those whose value is undefined (Go's `omitempty`). */
export function yamlMap(entries: readonly (readonly [string, YamlNode | undefined])[]): YamlMap {
  return {
    kind: 'map',
    entries: entries.filter((e): e is readonly [string, YamlNode] => e[1] !== undefined),
  }
}

/** A mapping of a string record with its keys sorted, as Go prints maps. */
export function sortedMap(record: Readonly<Record<string, YamlNode>>): YamlMap {
  const keys = Object.keys(record).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  return { kind: 'map', entries: keys.map((k) => [k, record[k] ?? null] as const) }
}

const YAML11_WORDS = new Set(
  [
    'y|Y|yes|Yes|YES|on|On|ON|true|True|TRUE',
    'n|N|no|No|NO|off|Off|OFF|false|False|FALSE',
    'null|Null|NULL|~|<<',
    '.nan|.NaN|.NAN|.inf|.Inf|.INF|+.inf|+.Inf|+.INF|-.inf|-.Inf|-.INF',
  ]
    .join('|')
    .split('|'),
)

// Go's strconv.ParseInt(s, 0, 64) and ParseFloat accept these; go-yaml v2 tries them for text starting with a digit, sign or dot.
const GO_INT = /^[-+]?(?:0[xX](?:_?[0-9a-fA-F])+|0[bB](?:_?[01])+|0[oO]?(?:_?[0-7])+|[1-9](?:_?\d)*|0)$/
const GO_FLOAT =
  /^[-+]?(?:(?:\d(?:_?\d)*)?\.?\d*(?:[eE][-+]?\d+)?|0[xX][0-9a-fA-F_]*\.?[0-9a-fA-F_]*[pP][-+]?\d+|inf|infinity|nan)$/i
const BASE60_FLOAT = /^[-+]?\d[\d_]*(?::[0-5]?\d)+(?:\.[\d_]*)?$/
const TIMESTAMP =
  /^\d{4}-\d\d?-\d\d?(?:(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?)?$/

/** Whether go-yaml v2 would read the plain text back as something other than a string. */
function resolvesToNonString(s: string): boolean {
  if (s === '' || YAML11_WORDS.has(s)) return true
  if (!/^[-+.\d]/.test(s)) return false
  if (/\d/.test(s) && (GO_INT.test(s) || GO_FLOAT.test(s))) return true
  return BASE60_FLOAT.test(s) || TIMESTAMP.test(s)
}

const BLOCK_INDICATOR_START = new Set([...'#,[]{}&*!|>\'"%@`'])

/** libyaml's scalar analysis for block context: may the text print plain, or only single-quoted? */
function plainAllowed(s: string): boolean {
  if (s.startsWith('---') || s.startsWith('...')) return false
  if (s.startsWith(' ') || s.endsWith(' ')) return false
  const first = s[0] ?? ''
  const second = s[1]
  if (BLOCK_INDICATOR_START.has(first)) return false
  if ((first === '-' || first === '?' || first === ':') && (second === undefined || second === ' '))
    return false
  for (let i = 1; i < s.length; i++) {
    const c = s[i]
    if (c === ':' && (s[i + 1] === undefined || s[i + 1] === ' ')) return false
    if (c === '#' && s[i - 1] === ' ') return false
  }
  return true
}

// Printable as libyaml sees it: tab and other control characters force double quotes.
// eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
const NEEDS_DOUBLE = /[\u0000-\u001f\u007f-\u009f\ufeff]/

function doubleQuoted(s: string): string {
  return JSON.stringify(s)
}

/** A string as go-yaml v2 prints it: plain when it reads back as the same string, else quoted. */
export function yamlString(s: string): string {
  if (resolvesToNonString(s) || NEEDS_DOUBLE.test(s)) return doubleQuoted(s)
  if (plainAllowed(s)) return s
  return `'${s.replaceAll("'", "''")}'`
}

function isBlock(node: YamlNode): node is YamlMap | readonly YamlNode[] {
  if (Array.isArray(node)) return node.length > 0
  return (
    typeof node === 'object' &&
    node !== null &&
    'kind' in node &&
    node.kind === 'map' &&
    node.entries.length > 0
  )
}

// go-yaml's line width: a plain or single-quoted scalar breaks at a space once past this column.
const BEST_WIDTH = 80

/** Breaks `text` (already quoted if need be) at single spaces past the line width, as libyaml does. */
function fold(text: string, column: number, indent: number): string {
  let out = ''
  let col = column
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string
    if (c === ' ' && text[i - 1] !== ' ' && col > BEST_WIDTH && text[i + 1] !== ' ' && i + 1 < text.length) {
      out += `\n${' '.repeat(indent)}`
      col = indent
      continue
    }
    out += c
    col++
  }
  return out
}

// A literal block keeps every line as is; libyaml refuses it for text it could not read back.
function literalAllowed(s: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
  return !/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\ufeff]/.test(s) && !/^[ \n]| \n/.test(s)
}

function literal(s: string, indent: number): string {
  const chomp = s.endsWith('\n\n') ? '+' : s.endsWith('\n') ? '' : '-'
  const body = chomp === '' ? s.slice(0, -1) : chomp === '+' ? s.replace(/\n$/, '') : s
  const pad = ' '.repeat(indent)
  return `|${chomp}\n${body
    .split('\n')
    .map((line) => (line === '' ? '' : pad + line))
    .join('\n')}`
}

/** A scalar or empty collection on one line starting at `column`; long text continues at `indent`. */
function inline(node: YamlNode, column: number, indent: number): string {
  if (node === null) return 'null'
  if (typeof node === 'string') {
    if (node.includes('\n') && literalAllowed(node)) return literal(node, indent)
    const text = yamlString(node)
    return text.startsWith('"') ? text : fold(text, column, indent)
  }
  if (typeof node === 'number' || typeof node === 'boolean') return String(node)
  if (Array.isArray(node)) return '[]'
  const obj = node as YamlMap | YamlFlowList
  if (obj.kind === 'flow') return `[${obj.items.map(yamlString).join(', ')}]`
  return '{}'
}

function emitMap(map: YamlMap, indent: number, out: string[]): void {
  const pad = ' '.repeat(indent)
  for (const [key, value] of map.entries) {
    const k = yamlString(key)
    if (!isBlock(value)) {
      const head = `${pad}${k}: `
      out.push(head + inline(value, head.length, indent + 2))
      continue
    }
    out.push(`${pad}${k}:`)
    // Sequences inside a mapping are not indented, as go-yaml prints them.
    if (Array.isArray(value)) emitSeq(value as readonly YamlNode[], indent, out)
    else emitMap(value as YamlMap, indent + 2, out)
  }
}

function emitSeq(items: readonly YamlNode[], indent: number, out: string[]): void {
  const pad = ' '.repeat(indent)
  for (const item of items) {
    if (!isBlock(item)) {
      out.push(`${pad}- ${inline(item, indent + 2, indent + 2)}`)
      continue
    }
    const start = out.length
    if (Array.isArray(item)) emitSeq(item as readonly YamlNode[], indent + 2, out)
    else emitMap(item as YamlMap, indent + 2, out)
    const first = out[start] ?? ''
    out[start] = `${pad}- ${first.slice(indent + 2)}`
  }
}

/** The document text of a top-level mapping, formatted as Go's gopkg.in/yaml.v2 formats it. */
export function emitYaml(root: YamlMap): string {
  const out: string[] = []
  emitMap(root, 0, out)
  return out.length === 0 ? '{}\n' : `${out.join('\n')}\n`
}
