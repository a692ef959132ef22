import { paramTypeName, type ParamKind } from '../func.js'
import { goTypeName } from '../values.js'

/**
 * Checks a computed argument against a declared parameter type (Go's validateType): returns the
 * value to pass, or Go's error message.
 */
export function validateArg(
  value: unknown,
  type: ParamKind,
): { ok: true; value: unknown } | { ok: false; message: string } {
  if (value === undefined) {
    if (type === 'any' || type === 'strings') return { ok: true, value: undefined }
    return { ok: false, message: `invalid value; expected ${paramTypeName(type)}` }
  }
  let ok: boolean
  switch (type) {
    case 'any':
      ok = true
      break
    case 'string':
      ok = typeof value === 'string'
      break
    case 'float':
      ok = typeof value === 'number'
      break
    case 'int':
      ok = typeof value === 'bigint'
      break
    case 'bool':
      ok = typeof value === 'boolean'
      break
    case 'strings':
      ok = Array.isArray(value) && value.every((x) => typeof x === 'string')
      break
  }
  if (ok) return { ok: true, value }
  return {
    ok: false,
    message: `wrong type for value; expected ${paramTypeName(type)}; got ${goTypeName(value)}`,
  }
}
