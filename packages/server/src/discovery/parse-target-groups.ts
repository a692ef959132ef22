import { isLegacyLabelName } from '@watchfire/model'
import { parse } from 'yaml'
import type { TargetGroupConfig } from '../config/config-types.js'
import { ConfigError } from '../config/config-error.js'

function asStringRecord(value: unknown, what: string): Record<string, string> {
  if (value === undefined || value === null) return {}
  if (typeof value !== 'object' || Array.isArray(value))
    throw new ConfigError(`${what} must be an object of strings`)
  const out: Record<string, string> = {}
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    if (!isLegacyLabelName(name)) throw new ConfigError(`${JSON.stringify(name)} is not a valid label name`)
    if (typeof v !== 'string')
      throw new ConfigError(`${what}: value of ${JSON.stringify(name)} must be a string`)
    out[name] = v
  }
  return out
}

/**
 * Reads the target-group list that file SD files (JSON or YAML) and HTTP SD responses (JSON) carry:
 * `[{"targets": ["host:port", …], "labels": {…}}, …]`. Throws ConfigError naming what is wrong.
 */
export function parseTargetGroups(text: string, format: 'json' | 'yaml'): TargetGroupConfig[] {
  let doc: unknown
  try {
    doc = format === 'json' ? JSON.parse(text) : parse(text, { version: '1.1' })
  } catch (err) {
    throw new ConfigError(`cannot parse target groups (${(err as Error).message.split('\n')[0] ?? ''})`, {
      cause: err,
    })
  }
  if (doc === null || doc === undefined) return []
  if (!Array.isArray(doc)) throw new ConfigError('target groups must be a list')
  return doc.map((entry: unknown, i) => {
    if (entry === null || typeof entry !== 'object')
      throw new ConfigError(`target group ${i} must be an object`)
    const { targets, labels } = entry as { targets?: unknown; labels?: unknown }
    if (!Array.isArray(targets) || !targets.every((t) => typeof t === 'string'))
      throw new ConfigError(`target group ${i}: targets must be a list of strings`)
    for (const target of targets as string[]) {
      if (target.includes('/')) throw new ConfigError(`${JSON.stringify(target)} is not a valid hostname`)
    }
    return { targets: targets as string[], labels: asStringRecord(labels, `target group ${i}: labels`) }
  })
}
