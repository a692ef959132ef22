import { goQuote } from '../parse/item.js'
import { findField, findMethod, goTypeName, isStringMap, kindOf, mapGet, mapHas } from '../values.js'
import type { AnyFunction } from '../values.js'
import type { MissingKey } from './state.js'

/** What `.Name` on a receiver resolves to: a value, a method to call, or Go's error message. */
export type Selection =
  | { kind: 'value'; value: unknown }
  | { kind: 'method'; fn: AnyFunction; receiver: object }
  | { kind: 'error'; message: string }

/**
 * Resolves one field selection as Go's evalField does: methods first (as on named types), then a
 * struct field or a map key; a missing key follows the missingkey option.
 */
export function selectField(
  receiver: unknown,
  name: string,
  hasArgs: boolean,
  missingKey: MissingKey,
): Selection {
  if (receiver === undefined) {
    if (missingKey === 'error')
      return { kind: 'error', message: `nil data; no entry for key ${goQuote(name)}` }
    return { kind: 'value', value: undefined }
  }
  if (receiver === null) return { kind: 'error', message: `nil pointer evaluating interface {}.${name}` }
  if (typeof receiver === 'object') {
    const method = findMethod(receiver, name)
    if (method?.kind === 'method') return method
  }
  const kind = kindOf(receiver)
  if (kind === 'struct' && typeof receiver === 'object') {
    const field = findField(receiver, name)
    if (field?.kind === 'method') return field
    if (field !== undefined) {
      if (hasArgs)
        return { kind: 'error', message: `${name} has arguments but cannot be invoked as function` }
      return { kind: 'value', value: field.value }
    }
  } else if (kind === 'map') {
    if (hasArgs) return { kind: 'error', message: `${name} is not a method but has arguments` }
    if (mapHas(receiver, name)) return { kind: 'value', value: mapGet(receiver, name) }
    switch (missingKey) {
      case 'invalid':
        return { kind: 'value', value: undefined }
      case 'zero':
        return { kind: 'value', value: isStringMap(receiver) ? '' : undefined }
      case 'error':
        return { kind: 'error', message: `map has no entry for key ${goQuote(name)}` }
    }
  }
  return { kind: 'error', message: `can't evaluate field ${name} in type ${goTypeName(receiver)}` }
}
