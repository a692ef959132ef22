import { kindOf } from './values.js'

type BasicKind = 'bool' | 'int' | 'float' | 'string'

const BAD_COMPARISON = 'incompatible types for comparison'
const BAD_COMPARISON_TYPE = 'invalid type for comparison'

function basicKind(v: unknown): BasicKind | undefined {
  const k = kindOf(v)
  return k === 'bool' || k === 'int' || k === 'float' || k === 'string' ? k : undefined
}

function equalPair(a: unknown, b: unknown): boolean {
  const k1 = basicKind(a)
  const k2 = basicKind(b)
  if (k1 !== k2) {
    if (a !== undefined && b !== undefined) throw new Error(BAD_COMPARISON)
    return false
  }
  if (k1 !== undefined) return a === b
  const ka = kindOf(a)
  if (ka === 'slice' || ka === 'map' || ka === 'func') throw new Error(`non-comparable type: ${ka}`)
  const aNil = a === undefined || a === null
  const bNil = b === undefined || b === null
  if (aNil || bNil) return aNil === bNil
  return a === b
}

/** Go's `eq arg1 arg2…`: true if arg1 equals any of the others; basic kinds must match. */
export function eq(arg1: unknown, ...rest: unknown[]): boolean {
  if (rest.length === 0) throw new Error('missing argument for comparison')
  return rest.some((b) => equalPair(arg1, b))
}

/** Go's `lt`: basic kinds only, both the same kind, no bools. */
export function lt(a: unknown, b: unknown): boolean {
  const k1 = basicKind(a)
  const k2 = basicKind(b)
  if (k1 === undefined || k2 === undefined) throw new Error(BAD_COMPARISON_TYPE)
  if (k1 !== k2) throw new Error(BAD_COMPARISON)
  if (k1 === 'bool') throw new Error(BAD_COMPARISON_TYPE)
  return (a as string | number | bigint) < (b as string | number | bigint)
}

/** Go's `le`: lt or eq. */
export function le(a: unknown, b: unknown): boolean {
  return lt(a, b) || eq(a, b)
}
