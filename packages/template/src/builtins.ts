import { eq, le, lt } from './compare.js'
import { htmlEscape, jsEscape, queryEscape } from './escape.js'
import { goFunc, type FuncMap } from './func.js'
import { sprint, sprintf, sprintln } from './fmt/sprintf.js'
import {
  goTypeName,
  isStringMap,
  isTrue,
  kindOf,
  mapGet,
  mapHas,
  mapSize,
  type AnyFunction,
} from './values.js'

/** fmt.Sprint of the arguments unless it is a single string (Go's evalArgs for html/js/urlquery). */
function evalArgs(args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0]
  return sprint(args)
}

function indexArg(index: unknown, cap: number): number {
  if (index === undefined || index === null) throw new Error('cannot index slice/array with nil')
  if (typeof index !== 'bigint') throw new Error(`cannot index slice/array with type ${goTypeName(index)}`)
  if (index < 0n || index >= BigInt(cap)) throw new Error(`index out of range: ${index}`)
  return Number(index)
}

function index(item: unknown, ...indexes: unknown[]): unknown {
  let cur = item
  if (cur === undefined) throw new Error('index of untyped nil')
  for (const i of indexes) {
    if (cur === null) throw new Error('index of nil pointer')
    switch (kindOf(cur)) {
      case 'slice': {
        const arr = cur as unknown[]
        cur = arr[indexArg(i, arr.length)]
        break
      }
      case 'string': {
        const bytes = Buffer.from(cur as string, 'utf8')
        cur = BigInt(bytes[indexArg(i, bytes.length)] ?? 0)
        break
      }
      case 'map':
        if (!(cur instanceof Map) && typeof i !== 'string') {
          throw new Error(`value has type ${goTypeName(i)}; should be string`)
        }
        cur = mapHas(cur, i) ? mapGet(cur, i) : isStringMap(cur) ? '' : undefined
        break
      default:
        throw new Error(`can't index item of type ${goTypeName(cur)}`)
    }
  }
  return cur
}

function sliceIndex(v: unknown, cap: number): number {
  if (typeof v !== 'bigint') throw new Error(`cannot index slice/array with type ${goTypeName(v)}`)
  if (v < 0n || v > BigInt(cap)) throw new Error(`index out of range: ${v}`)
  return Number(v)
}

function slice(item: unknown, ...indexes: unknown[]): unknown {
  if (item === undefined) throw new Error('slice of untyped nil')
  if (indexes.length > 3) throw new Error(`too many slice indexes: ${indexes.length}`)
  const k = kindOf(item)
  if (k !== 'slice' && k !== 'string') throw new Error(`can't slice item of type ${goTypeName(item)}`)
  if (k === 'string' && indexes.length === 3) throw new Error('cannot 3-index slice a string')
  const len = k === 'string' ? Buffer.byteLength(item as string) : (item as unknown[]).length
  const idx = [0, len]
  indexes.slice(0, 2).forEach((v, i) => (idx[i] = sliceIndex(v, len)))
  const [from = 0, to = len] = idx
  if (from > to) throw new Error(`invalid slice index: ${from} > ${to}`)
  if (k === 'string')
    return Buffer.from(item as string, 'utf8')
      .subarray(from, to)
      .toString('utf8')
  return (item as unknown[]).slice(from, to)
}

function len(item: unknown): bigint {
  if (item === undefined) throw new Error('len of untyped nil')
  if (item === null) throw new Error('len of nil pointer')
  switch (kindOf(item)) {
    case 'string':
      return BigInt(Buffer.byteLength(item as string))
    case 'slice':
      return BigInt((item as unknown[]).length)
    case 'map':
      return BigInt(mapSize(item))
  }
  throw new Error(`len of type ${goTypeName(item)}`)
}

function call(fn: unknown, ...args: unknown[]): unknown {
  if (typeof fn !== 'function') throw new Error(`non-function of type ${goTypeName(fn)}`)
  return (fn as AnyFunction)(...args)
}

/**
 * Go's predefined template functions. The executor runs `and`/`or` itself, lazily, as Go 1.18+
 * short-circuits them; their entries here give the names and arity.
 */
export const BUILTINS: FuncMap = {
  and: goFunc(['any'], (a: unknown) => a, 'any'),
  or: goFunc(['any'], (a: unknown) => a, 'any'),
  not: goFunc(['any'], (a: unknown) => !isTrue(a)),
  len: goFunc(['any'], len),
  index: goFunc(['any'], index, 'any'),
  slice: goFunc(['any'], slice, 'any'),
  print: goFunc([], (...a: unknown[]) => sprint(a), 'any'),
  printf: goFunc(['string'], (format: string, ...a: unknown[]) => sprintf(format, a), 'any'),
  println: goFunc([], (...a: unknown[]) => sprintln(a), 'any'),
  html: goFunc([], (...a: unknown[]) => htmlEscape(evalArgs(a)), 'any'),
  js: goFunc([], (...a: unknown[]) => jsEscape(evalArgs(a)), 'any'),
  urlquery: goFunc([], (...a: unknown[]) => queryEscape(evalArgs(a)), 'any'),
  call: goFunc(['any'], call, 'any'),
  eq: goFunc(['any'], eq, 'any'),
  ne: goFunc(['any', 'any'], (a: unknown, b: unknown) => !eq(a, b)),
  lt: goFunc(['any', 'any'], lt),
  le: goFunc(['any', 'any'], le),
  gt: goFunc(['any', 'any'], (a: unknown, b: unknown) => !le(a, b)),
  ge: goFunc(['any', 'any'], (a: unknown, b: unknown) => !lt(a, b)),
}
