/** The kinds of token the template lexer produces (Go's text/template/parse itemType). */
export type ItemType =
  | 'error'
  | 'bool'
  | 'char'
  | 'charConstant'
  | 'complex'
  | 'assign'
  | 'declare'
  | 'eof'
  | 'field'
  | 'identifier'
  | 'leftDelim'
  | 'leftParen'
  | 'number'
  | 'pipe'
  | 'rawString'
  | 'rightDelim'
  | 'rightParen'
  | 'space'
  | 'string'
  | 'text'
  | 'variable'
  | 'comment'
  | 'block'
  | 'break'
  | 'continue'
  | 'dot'
  | 'define'
  | 'else'
  | 'end'
  | 'if'
  | 'nil'
  | 'range'
  | 'template'
  | 'with'

/** Keywords recognised inside actions; `.` alone is also a keyword (dot). */
export const KEYWORDS: ReadonlyMap<string, ItemType> = new Map<string, ItemType>([
  ['.', 'dot'],
  ['block', 'block'],
  ['break', 'break'],
  ['continue', 'continue'],
  ['define', 'define'],
  ['else', 'else'],
  ['end', 'end'],
  ['if', 'if'],
  ['range', 'range'],
  ['nil', 'nil'],
  ['template', 'template'],
  ['with', 'with'],
])

const KEYWORD_TYPES: ReadonlySet<ItemType> = new Set(KEYWORDS.values())

/** One token: its type, text, byte offset in the input and 1-based line. */
export interface Item {
  type: ItemType
  val: string
  pos: number
  line: number
}

/** Quotes like Go's %q for strings in error messages (printable characters kept, others escaped). */
export function goQuote(s: string): string {
  let out = '"'
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0
    if (ch === '"' || ch === '\\') out += '\\' + ch
    else if (ch === '\n') out += '\\n'
    else if (ch === '\t') out += '\\t'
    else if (ch === '\r') out += '\\r'
    else if (cp === 7) out += '\\a'
    else if (cp === 8) out += '\\b'
    else if (cp === 12) out += '\\f'
    else if (cp === 11) out += '\\v'
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0')
    else if (cp >= 0x80 && cp < 0xa0) out += '\\u' + cp.toString(16).padStart(4, '0')
    else out += ch
  }
  return out + '"'
}

/** Renders a token the way Go's parser names it in "unexpected …" messages. */
export function itemString(item: Item): string {
  if (item.type === 'eof') return 'EOF'
  if (item.type === 'error') return item.val
  if (KEYWORD_TYPES.has(item.type)) return `<${item.val}>`
  const chars = [...item.val]
  if (chars.length > 10) return goQuote(chars.slice(0, 10).join('')) + '...'
  return goQuote(item.val)
}
