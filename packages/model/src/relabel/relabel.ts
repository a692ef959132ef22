import { createHash } from 'node:crypto'
import { Labels } from '../labels.js'
import { isLegacyLabelName } from '../names.js'
import type { RelabelConfig } from './relabel-config.js'
import { expandTemplate } from './relabel-regex.js'

/** The 64-bit big-endian integer in the last 8 bytes of the MD5 of `value`, modulo `modulus` (Prometheus's hashmod). */
function hashMod(value: string, modulus: number): string {
  const digest = createHash('md5').update(value, 'utf8').digest()
  return (digest.readBigUInt64BE(8) % BigInt(modulus)).toString()
}

function sourceValue(labels: Map<string, string>, config: RelabelConfig): string {
  const names = config.sourceLabels
  if (names.length === 1) return labels.get(names[0] as string) ?? ''
  let value = ''
  for (let i = 0; i < names.length; i++) {
    if (i > 0) value += config.separator
    value += labels.get(names[i] as string) ?? ''
  }
  return value
}

function set(labels: Map<string, string>, name: string, value: string): void {
  if (value === '') labels.delete(name)
  else labels.set(name, value)
}

/** Applies one rule in place; false means the label set is dropped. */
function apply(labels: Map<string, string>, c: RelabelConfig): boolean {
  const value = sourceValue(labels, c)
  const { regex, groupNames } = c.regex
  switch (c.action) {
    case 'drop':
      return !regex.test(value)
    case 'keep':
      return regex.test(value)
    case 'dropequal':
      return (labels.get(c.targetLabel) ?? '') !== value
    case 'keepequal':
      return (labels.get(c.targetLabel) ?? '') === value
    case 'replace': {
      if (value === '' && c.defaultRegex && !c.targetLabel.includes('$') && !c.replacement.includes('$')) {
        set(labels, c.targetLabel, c.replacement)
        return true
      }
      const match = regex.exec(value)
      if (match === null) return true
      const target = expandTemplate(c.targetLabel, match, groupNames)
      if (!isLegacyLabelName(target)) return true
      set(labels, target, expandTemplate(c.replacement, match, groupNames))
      return true
    }
    case 'lowercase':
      set(labels, c.targetLabel, value.toLowerCase())
      return true
    case 'uppercase':
      set(labels, c.targetLabel, value.toUpperCase())
      return true
    case 'hashmod':
      set(labels, c.targetLabel, hashMod(value, c.modulus))
      return true
    case 'labelmap':
      for (const [name, labelValue] of [...labels]) {
        const match = regex.exec(name)
        if (match === null) continue
        const mapped = expandTemplate(c.replacement, match, groupNames)
        if (mapped !== '') labels.set(mapped, labelValue)
      }
      return true
    case 'labeldrop':
      for (const name of [...labels.keys()]) if (regex.test(name)) labels.delete(name)
      return true
    case 'labelkeep':
      for (const name of [...labels.keys()]) if (!regex.test(name)) labels.delete(name)
      return true
  }
}

/**
 * Applies relabel rules in order, as Prometheus does for targets, scraped series and alerts.
 * Returns the new labels, or `undefined` when a rule drops the set. The input is not modified.
 */
export function relabel(labels: Labels, configs: readonly RelabelConfig[]): Labels | undefined {
  if (configs.length === 0) return labels
  const working = new Map<string, string>()
  labels.forEach((name, value) => working.set(name, value))
  for (const config of configs) if (!apply(working, config)) return undefined
  return Labels.fromPairs(working)
}
