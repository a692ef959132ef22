import { parse } from 'yaml'
import { ConfigError } from './config-error.js'

/**
 * Number of rules in a rule file's `groups[].rules`, for `check config`'s summary. The rules
 * themselves are not validated here (that needs the PromQL parser and belongs to the rules manager).
 */
export function countRules(text: string): number {
  let doc: unknown
  try {
    doc = parse(text, { version: '1.1' })
  } catch (err) {
    throw new ConfigError(`yaml: ${(err as Error).message.split('\n')[0] ?? ''}`, { cause: err })
  }
  const groups = (doc as { groups?: unknown } | null)?.groups
  if (!Array.isArray(groups)) return 0
  let n = 0
  for (const group of groups as unknown[]) {
    const rules = (group as { rules?: unknown } | null)?.rules
    if (Array.isArray(rules)) n += rules.length
  }
  return n
}
