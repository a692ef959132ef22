import { isLegacyLabelName, isLegacyMetricName } from '@watchfire/model'
import { parseExpr } from '@watchfire/promql'
import { RuleFileError } from './rule-file-error.js'
import type { NodePosition, RuleDefinition, RuleGroupDefinition } from './rule-types.js'
import { decodeRuleYaml, RuleYamlError, type PositionedString, type RawRule } from './rule-yaml.js'

/**
 * Checks that a label or annotation template of alert `ruleName` parses; resolves with the parse
 * error's message, or undefined when it parses.
 */
export type TemplateChecker = (ruleName: string, text: string) => string | undefined

/** Options of {@link parseRuleFile}. */
export interface ParseRuleFileOptions {
  /** Parses alert templates as Prometheus does when loading; without it templates are not checked. */
  checkTemplate?: TemplateChecker
}

const at = (p: NodePosition): string => `${p.line}:${p.column}: `

/**
 * Parses and validates one rule file in Prometheus's format, finding every problem Prometheus's
 * rulefmt finds (in its words, with the line and column of the offending value). Throws a
 * RuleFileError naming the file when there is any.
 */
export function parseRuleFile(
  text: string,
  file: string,
  options: ParseRuleFileOptions = {},
): RuleGroupDefinition[] {
  let raw
  try {
    raw = decodeRuleYaml(text)
  } catch (err) {
    if (err instanceof RuleYamlError) throw new RuleFileError(file, err.problems, { cause: err })
    throw err
  }
  const problems: string[] = []
  const seen = new Set<string>()
  const groups: RuleGroupDefinition[] = []
  for (const g of raw) {
    if (g.name === '') problems.push(`${at(g.position)}Groupname must not be empty`)
    if (seen.has(g.name))
      problems.push(`${at(g.position)}groupname: "${g.name}" is repeated in the same file`)
    seen.add(g.name)
    const rules: RuleDefinition[] = []
    g.rules.forEach((r, i) => {
      const ruleName = r.alert.value !== '' ? r.alert.value : r.record.value
      for (const p of validateRule(r, options.checkTemplate)) {
        const where = p.node === undefined ? '' : at(p.node) + (p.alt === undefined ? '' : at(p.alt))
        problems.push(`${where}group "${g.name}", rule ${i + 1}, "${ruleName}": ${p.message}`)
      }
      rules.push(toDefinition(r))
    })
    groups.push({
      name: g.name,
      file,
      intervalMs: g.intervalMs === 0 ? undefined : g.intervalMs,
      queryOffsetMs: g.queryOffsetMs,
      limit: g.limit,
      labels: g.labels,
      rules,
    })
  }
  if (problems.length > 0) throw new RuleFileError(file, problems)
  return groups
}

function toDefinition(r: RawRule): RuleDefinition {
  const alerting = r.alert.value !== ''
  const named: PositionedString = alerting ? r.alert : r.record
  return {
    kind: alerting ? 'alerting' : 'recording',
    name: named.value,
    expr: r.expr.value,
    forMs: r.forMs,
    keepFiringForMs: r.keepFiringForMs,
    labels: r.labels,
    annotations: r.annotations,
    position: named.position,
  }
}

interface RuleProblem {
  message: string
  node?: NodePosition
  alt?: NodePosition
}

function validateRule(r: RawRule, checkTemplate: TemplateChecker | undefined): RuleProblem[] {
  const out: RuleProblem[] = []
  const record = r.record.value
  const alert = r.alert.value
  if (record !== '' && alert !== '')
    out.push({
      message: "only one of 'record' and 'alert' must be set",
      node: r.record.position,
      alt: r.alert.position,
    })
  if (record === '' && alert === '')
    out.push({ message: "one of 'record' or 'alert' must be set", node: r.record.position })
  if (r.expr.value === '') out.push({ message: "field 'expr' must be set in rule", node: r.expr.position })
  else {
    try {
      parseExpr(r.expr.value)
    } catch (err) {
      out.push({ message: `could not parse expression: ${(err as Error).message}`, node: r.expr.position })
    }
  }
  if (record !== '') {
    const node = r.record.position
    if (Object.keys(r.annotations).length > 0)
      out.push({ message: "invalid field 'annotations' in recording rule", node })
    if (r.forMs !== 0) out.push({ message: "invalid field 'for' in recording rule", node })
    if (r.keepFiringForMs !== 0)
      out.push({ message: "invalid field 'keep_firing_for' in recording rule", node })
    if (!isLegacyMetricName(record)) out.push({ message: `invalid recording rule name: ${record}`, node })
  }
  for (const name of Object.keys(r.labels)) {
    if (!isLegacyLabelName(name) || name === '__name__') out.push({ message: `invalid label name: ${name}` })
  }
  for (const name of Object.keys(r.annotations)) {
    if (!isLegacyLabelName(name)) out.push({ message: `invalid annotation name: ${name}` })
  }
  if (alert !== '' && checkTemplate !== undefined) {
    for (const [name, text] of Object.entries(r.labels)) {
      const problem = checkTemplate(alert, text)
      if (problem !== undefined) out.push({ message: `label "${name}": ${problem}` })
    }
    for (const [name, text] of Object.entries(r.annotations)) {
      const problem = checkTemplate(alert, text)
      if (problem !== undefined) out.push({ message: `annotation "${name}": ${problem}` })
    }
  }
  return out
}
