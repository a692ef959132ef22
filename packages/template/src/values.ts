/**
 * How JavaScript values map onto Go's kinds inside templates:
 * `undefined` is an invalid value (prints `<no value>`), `null` a nil pointer, `bigint` Go's int,
 * `number` float64, arrays slices, `Map`s and plain objects maps, functions func values, and any
 * other object a struct whose methods (prototype functions) are called like Go methods.
 */
export type GoKind =
  'invalid' | 'nil' | 'bool' | 'int' | 'float' | 'string' | 'slice' | 'map' | 'func' | 'struct'

/** A constructor may name its Go type for error messages (`static goType = 'template.KV'`). */
interface GoTyped {
  goType?: string
}

/** A JS function as templates call it: arguments in, a value (or a promise of one) out. */
export type AnyFunction = (...args: unknown[]) => unknown

/** Classifies a value by Go kind. */
export function kindOf(v: unknown): GoKind {
  switch (typeof v) {
    case 'undefined':
      return 'invalid'
    case 'boolean':
      return 'bool'
    case 'bigint':
      return 'int'
    case 'number':
      return 'float'
    case 'string':
      return 'string'
    case 'function':
      return 'func'
    case 'symbol':
      return 'struct'
  }
  if (v === null) return 'nil'
  if (Array.isArray(v)) return 'slice'
  if (v instanceof Map || isPlainObject(v)) return 'map'
  return 'struct'
}

/** True for `{}` literals and `Object.create(null)` (Go maps keyed by string). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false
  const proto: unknown = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

/** The Go type name used in messages such as `wrong type for value; expected string; got int`. */
export function goTypeName(v: unknown): string {
  const k = kindOf(v)
  switch (k) {
    case 'invalid':
    case 'nil':
      return '<nil>'
    case 'int':
      return 'int'
    case 'float':
      return 'float64'
    case 'func':
      return 'func'
    case 'bool':
    case 'string':
      return k
  }
  const ctor = (v as { constructor?: GoTyped & { name?: string } }).constructor
  if (ctor?.goType !== undefined) return ctor.goType
  if (k === 'slice') return ctor === Array ? '[]interface {}' : (ctor?.name ?? '[]interface {}')
  if (k === 'map') {
    if (!isPlainObject(v) && ctor !== Map) return ctor?.name ?? 'map'
    return isStringMap(v) ? 'map[string]string' : 'map[string]interface {}'
  }
  return ctor?.name ?? 'struct'
}

/** Go's truth: false, 0, nil, empty string/slice/map and invalid values are false. */
export function isTrue(v: unknown): boolean {
  switch (kindOf(v)) {
    case 'invalid':
    case 'nil':
      return false
    case 'bool':
      return v === true
    case 'int':
      return v !== 0n
    case 'float':
      return v !== 0 && !Number.isNaN(v)
    case 'string':
      return v !== ''
    case 'slice':
      return (v as unknown[]).length > 0
    case 'map':
      return mapSize(v) > 0
    default:
      return true
  }
}

/** Number of entries of a map value. */
export function mapSize(v: unknown): number {
  return v instanceof Map ? v.size : Object.keys(v as object).length
}

/** Reads one key of a map value; undefined when absent. */
export function mapGet(m: unknown, key: unknown): unknown {
  if (m instanceof Map) return m.get(key)
  if (typeof key !== 'string') return undefined
  return Object.prototype.hasOwnProperty.call(m, key) ? (m as Record<string, unknown>)[key] : undefined
}

/** True if the map has the key. */
export function mapHas(m: unknown, key: unknown): boolean {
  if (m instanceof Map) return m.has(key)
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(m, key)
}

function compareKeys(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) {
    return a < b ? -1 : a > b ? 1 : 0
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b)
  return 0
}

/** The entries of a map value in Go's order: sorted by key (as range and fmt both do). */
export function sortedEntries(m: unknown): Array<[unknown, unknown]> {
  const entries: Array<[unknown, unknown]> =
    m instanceof Map ? [...m.entries()] : Object.entries(m as Record<string, unknown>)
  return entries.sort((x, y) => compareKeys(x[0], y[0]))
}

/** True when every value of the map is a string: Go's zero for a missing key is then "". */
export function isStringMap(m: unknown): boolean {
  const values = m instanceof Map ? [...m.values()] : Object.values(m as object)
  return values.every((x) => typeof x === 'string')
}

const BASE_PROTOTYPES: ReadonlySet<unknown> = new Set([
  Object.prototype,
  Array.prototype,
  Map.prototype,
  null,
])

/** What a `.Name` selects on an object: a method to call or a field value. */
export type Member = { kind: 'method'; fn: AnyFunction; receiver: object } | { kind: 'field'; value: unknown }

/**
 * Finds a method declared by the object's class (never Object/Array/Map built-ins), as Go's
 * MethodByName would find methods on named slice, map and struct types.
 */
export function findMethod(v: object, name: string): Member | undefined {
  for (let proto: unknown = Object.getPrototypeOf(v); !BASE_PROTOTYPES.has(proto);) {
    const desc = Object.getOwnPropertyDescriptor(proto, name)
    if (desc !== undefined) {
      if (typeof desc.value === 'function' && name !== 'constructor') {
        return { kind: 'method', fn: desc.value as AnyFunction, receiver: v }
      }
      return undefined
    }
    proto = Object.getPrototypeOf(proto)
  }
  return undefined
}

/** Finds a struct field: an own property or a getter; functions held in fields are methods too. */
export function findField(v: object, name: string): Member | undefined {
  if (!(name in v)) return undefined
  const value = (v as Record<string, unknown>)[name]
  if (typeof value === 'function') return { kind: 'method', fn: value as AnyFunction, receiver: v }
  return { kind: 'field', value }
}
