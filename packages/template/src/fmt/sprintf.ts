import { findMethod, goTypeName, kindOf, sortedEntries } from '../values.js'
import { formatFloatMagnitude, formatHexFloat, type FloatVerb } from './float.js'
import { goQuoteString, quoteRune } from './quote.js'

interface Flags {
  plus: boolean
  minus: boolean
  sharp: boolean
  space: boolean
  zero: boolean
  width: number | undefined
  prec: number | undefined
}

const NO_FLAGS: Flags = {
  plus: false,
  minus: false,
  sharp: false,
  space: false,
  zero: false,
  width: undefined,
  prec: undefined,
}

/** Go's strconv.CanBackquote: no backquote and no control characters other than tab. */
function canBackquote(s: string): boolean {
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0
    if (ch === '`' || cp === 0x7f || (cp < 0x20 && cp !== 9)) return false
  }
  return true
}

function pad(s: string, f: Flags, zeroAllowed = true): string {
  const n = [...s].length
  if (f.width === undefined || f.width <= n) return s
  const fill = f.width - n
  if (f.minus) return s + ' '.repeat(fill)
  if (f.zero && zeroAllowed) return '0'.repeat(fill) + s
  return ' '.repeat(fill) + s
}

/** Pads a signed number, putting zero padding between the sign and the digits. */
function padNumber(sign: string, digits: string, f: Flags, zeroAllowed = true): string {
  if (f.zero && zeroAllowed && !f.minus && f.width !== undefined && f.width > sign.length + digits.length) {
    return sign + '0'.repeat(f.width - sign.length - digits.length) + digits
  }
  return pad(sign + digits, f)
}

/** Calls a Go-style `String()`/`Error()` method if the value has one (fmt's Stringer handling). */
function stringerText(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null) return undefined
  const m = findMethod(v, 'Error') ?? findMethod(v, 'String')
  if (m?.kind !== 'method' || m.fn.length !== 0) return undefined
  const s = m.fn.call(m.receiver)
  return typeof s === 'string' ? s : undefined
}

function badVerb(verb: string, v: unknown): string {
  if (v === null || v === undefined) return `%!${verb}(<nil>)`
  return `%!${verb}(${goTypeName(v)}=${printValue(v, 'v', NO_FLAGS, 0)})`
}

function fmtInteger(v: bigint, verb: string, f: Flags): string {
  const neg = v < 0n
  const abs = neg ? -v : v
  let digits: string
  let prefix = ''
  switch (verb) {
    case 'v':
    case 'd':
      digits = abs.toString()
      break
    case 'b':
      digits = abs.toString(2)
      if (f.sharp) prefix = '0b'
      break
    case 'o':
    case 'O':
      digits = abs.toString(8)
      if (verb === 'O') prefix = '0o'
      else if (f.sharp && digits !== '0') prefix = '0'
      break
    case 'x':
      digits = abs.toString(16)
      if (f.sharp) prefix = '0x'
      break
    case 'X':
      digits = abs.toString(16).toUpperCase()
      if (f.sharp) prefix = '0X'
      break
    case 'c':
      return pad(String.fromCodePoint(Number(v)), f)
    case 'q':
      return pad(quoteRune(Number(v)), f)
    case 'U':
      return pad('U+' + abs.toString(16).toUpperCase().padStart(4, '0'), f)
    default:
      return badVerb(verb, v)
  }
  if (f.prec !== undefined) {
    if (f.prec === 0 && v === 0n) digits = ''
    digits = digits.padStart(f.prec, '0')
  }
  const sign = neg ? '-' : f.plus ? '+' : f.space ? ' ' : ''
  return padNumber(sign + prefix, digits, f, f.prec === undefined)
}

function fmtFloat(v: number, verb: string, f: Flags): string {
  let fv: FloatVerb
  let prec = f.prec ?? -1
  switch (verb) {
    case 'v':
      fv = 'g'
      break
    case 'g':
    case 'G':
      fv = verb
      break
    case 'e':
    case 'E':
    case 'f':
    case 'F':
      fv = verb
      if (f.prec === undefined) prec = 6
      break
    case 'x':
    case 'X':
      fv = 'g'
      if (!Number.isFinite(v)) break
      return padNumber(
        v < 0 || Object.is(v, -0) ? '-' : f.plus ? '+' : f.space ? ' ' : '',
        formatHexFloat(v, verb === 'X'),
        f,
      )
    default:
      return badVerb(verb, v)
  }
  if (Number.isNaN(v)) return pad(f.plus ? '+NaN' : f.space ? ' NaN' : 'NaN', f, false)
  if (!Number.isFinite(v)) return pad(v > 0 ? (f.space && !f.plus ? ' Inf' : '+Inf') : '-Inf', f, false)
  const neg = v < 0 || Object.is(v, -0)
  const sign = neg ? '-' : f.plus ? '+' : f.space ? ' ' : ''
  return padNumber(sign, formatFloatMagnitude(v, fv, prec), f)
}

function hexString(s: string, upper: boolean, f: Flags): string {
  const bytes = Buffer.from(s, 'utf8')
  const parts: string[] = []
  for (const b of bytes) {
    const h = b.toString(16).padStart(2, '0')
    parts.push(upper ? h.toUpperCase() : h)
  }
  const prefix = f.sharp ? (upper ? '0X' : '0x') : ''
  if (f.space) return parts.map((p) => prefix + p).join(' ')
  return prefix + parts.join('')
}

function fmtString(s: string, verb: string, f: Flags): string {
  let str = s
  if (f.prec !== undefined) str = [...str].slice(0, f.prec).join('')
  switch (verb) {
    case 'v':
    case 's':
      return pad(str, f)
    case 'q':
      return pad(f.sharp && canBackquote(str) ? '`' + str + '`' : goQuoteString(str, f.plus), f)
    case 'x':
    case 'X':
      return pad(hexString(str, verb === 'X', f), f)
    default:
      return badVerb(verb, s)
  }
}

/** Formats one operand for a verb, as Go's fmt printArg/printValue do. */
function printValue(v: unknown, verb: string, f: Flags, depth: number): string {
  if (v === undefined || v === null) return verb === 'v' ? pad('<nil>', f) : badVerb(verb, v)
  if (verb === 'T') return pad(goTypeName(v), f)
  switch (kindOf(v)) {
    case 'bool':
      return verb === 'v' || verb === 't' ? pad(String(v), f) : badVerb(verb, v)
    case 'int':
      return fmtInteger(v as bigint, verb, f)
    case 'float':
      return fmtFloat(v as number, verb, f)
    case 'string':
      return fmtString(v as string, verb, f)
    case 'func':
      return verb === 'v' || verb === 'p' ? pad('0x0', f) : badVerb(verb, v)
  }
  if ('vsxXq'.includes(verb)) {
    const s = stringerText(v)
    if (s !== undefined) return fmtString(s, verb, f)
  }
  const kind = kindOf(v)
  if (kind === 'slice') {
    const items = (v as unknown[]).map((e) => printValue(e, verb, f, depth + 1))
    return `[${items.join(' ')}]`
  }
  if (kind === 'map') {
    const items = sortedEntries(v).map(
      ([k, e]) => `${printValue(k, verb, f, depth + 1)}:${printValue(e, verb, f, depth + 1)}`,
    )
    return `map[${items.join(' ')}]`
  }
  const fields = Object.entries(v as object).map(
    ([k, e]) => (f.plus ? `${k}:` : '') + printValue(e, verb, f, depth + 1),
  )
  return `{${fields.join(' ')}}`
}

/** %v of one value, as templates print an action's result. */
export function formatV(v: unknown): string {
  return printValue(v, 'v', NO_FLAGS, 0)
}

/** fmt.Sprint: operands formatted with %v, a space between two operands when neither is a string. */
export function sprint(args: readonly unknown[]): string {
  let out = ''
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' '
    out += printValue(a, 'v', NO_FLAGS, 0)
  })
  return out
}

/** fmt.Sprintln: operands with %v, always space-separated, and a trailing newline. */
export function sprintln(args: readonly unknown[]): string {
  return args.map((a) => printValue(a, 'v', NO_FLAGS, 0)).join(' ') + '\n'
}

/** Reads an int operand for `*` width or precision; undefined if it is not an int. */
function starArg(v: unknown): number | undefined {
  if (typeof v === 'bigint') return Number(v)
  return undefined
}

/**
 * Go's fmt.Sprintf for the verbs templates use (%v %s %d %f %g %e %q %x %t %c %b %o %U %T %%),
 * with flags, width and precision, and Go's inline error notes (`%!d(string=x)`, `%!s(MISSING)`).
 */
export function sprintf(format: string, args: readonly unknown[]): string {
  let out = ''
  let argi = 0
  let i = 0
  while (i < format.length) {
    const pct = format.indexOf('%', i)
    if (pct < 0) {
      out += format.slice(i)
      break
    }
    out += format.slice(i, pct)
    i = pct + 1
    const f: Flags = { ...NO_FLAGS }
    for (; i < format.length; i++) {
      const c = format[i]
      if (c === '+') f.plus = true
      else if (c === '-') f.minus = true
      else if (c === '#') f.sharp = true
      else if (c === ' ') f.space = true
      else if (c === '0') f.zero = true
      else break
    }
    if (format[i] === '*') {
      i++
      const w = starArg(args[argi++])
      if (w === undefined) out += '%!(BADWIDTH)'
      else if (w < 0) {
        f.minus = true
        f.width = -w
      } else f.width = w
    } else {
      const m = /^\d+/.exec(format.slice(i))
      if (m) {
        f.width = Number(m[0])
        i += m[0].length
      }
    }
    if (format[i] === '.') {
      i++
      if (format[i] === '*') {
        i++
        const p = starArg(args[argi++])
        if (p === undefined || p < 0) out += '%!(BADPREC)'
        else f.prec = p
      } else {
        const m = /^\d+/.exec(format.slice(i))
        f.prec = m ? Number(m[0]) : 0
        if (m) i += m[0].length
      }
    }
    if (i >= format.length) {
      out += '%!(NOVERB)'
      break
    }
    const verb = String.fromCodePoint(format.codePointAt(i) ?? 0)
    i += verb.length
    if (verb === '%') {
      out += '%'
      continue
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`
      continue
    }
    const arg = args[argi++]
    if (verb === 'v' && f.sharp) f.sharp = false
    out += printValue(arg, verb, f, 0)
  }
  if (argi < args.length) {
    const extra = args
      .slice(argi)
      .map((a) =>
        a === null || a === undefined ? '<nil>' : `${goTypeName(a)}=${printValue(a, 'v', NO_FLAGS, 0)}`,
      )
    out += `%!(EXTRA ${extra.join(', ')})`
  }
  return out
}
