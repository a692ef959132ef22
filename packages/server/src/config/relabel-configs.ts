import {
  compileRelabelConfig,
  isLegacyLabelName,
  RelabelConfigError,
  type RelabelConfig,
} from '@watchfire/model'
import type { YamlField } from './yaml-field.js'

const RELABEL_KEYS = [
  'source_labels',
  'separator',
  'regex',
  'modulus',
  'target_label',
  'replacement',
  'action',
]

function parseRule(field: YamlField): RelabelConfig {
  const f = field.mapping('relabel.plain', RELABEL_KEYS)
  const sourceLabels = f.get('source_labels')?.stringList()
  for (const name of sourceLabels ?? []) {
    if (!isLegacyLabelName(name)) field.fail(`${JSON.stringify(name)} is not a valid label name`)
  }
  const regexField = f.get('regex')
  try {
    return compileRelabelConfig({
      sourceLabels,
      separator: f.get('separator')?.string(),
      // An explicit null regex is the empty regex in Prometheus, not the default.
      regex: regexField === undefined ? undefined : regexField.string(),
      modulus: f.get('modulus')?.uint(),
      targetLabel: f.get('target_label')?.string(),
      replacement: f.get('replacement')?.string(),
      action: f.get('action')?.string(),
    })
  } catch (err) {
    if (err instanceof RelabelConfigError) field.fail(err.message)
    throw err
  }
}

/** Reads a list of relabel rules; `kind` names it in the null-entry error as Prometheus does ("target", "metric"). */
export function parseRelabelConfigs(field: YamlField | undefined, nullMessage: string): RelabelConfig[] {
  if (field === undefined) return []
  return field.list('[]*relabel.Config').map((item) => {
    if (item.isNull) item.fail(nullMessage)
    return parseRule(item)
  })
}
