import type { Labels } from '@watchfire/model'
import { formatExpr, parseExpr } from '@watchfire/promql'
import type { Alert } from '../rules/alert.js'
import { AlertingRule } from '../rules/alerting-rule.js'
import type { RuleGroup } from '../rules/group.js'
import type { Rule } from '../rules/rule.js'
import { invalidParam } from './api-error.js'
import type { ApiResult } from './api-response.js'
import type { ApiForm } from './request-body.js'

/** Where the rules and alerts endpoints read from: the rule manager's groups. */
export interface RulesRetriever {
  groups(): readonly RuleGroup[]
}

/** Go's zero time.Time, which Prometheus reports for a rule or group never evaluated. */
const GO_ZERO_TIME = '0001-01-01T00:00:00Z'

/** A millisecond time as Go's time.Time marshals in UTC: RFC 3339 with trailing zero digits trimmed. */
export function goTimeJson(ms: number | undefined): string {
  if (ms === undefined || ms === 0) return JSON.stringify(GO_ZERO_TIME)
  const iso = new Date(ms).toISOString().replace(/\.?0*Z$/, 'Z')
  return JSON.stringify(iso)
}

/** A float as Go's `strconv.FormatFloat(v, 'e', -1, 64)`: `1e+00`, `2.5e-01`, with Inf/NaN spellings. */
export function goExponentFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN'
  if (v === Infinity) return '+Inf'
  if (v === -Infinity) return '-Inf'
  const [mantissa, exponent = '+0'] = v.toExponential().split('e')
  const sign = exponent.startsWith('-') ? '-' : '+'
  const digits = exponent.replace(/^[+-]/, '').padStart(2, '0')
  return `${mantissa}e${sign}${digits}`
}

const GO_ESCAPED = /[<>&\u2028\u2029]/g

/** A JSON string as Go's encoding/json writes it: `<`, `>`, `&`, U+2028 and U+2029 as \\u escapes. */
export function goJsonString(s: string): string {
  return JSON.stringify(s).replace(GO_ESCAPED, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

function seconds(ms: number): string {
  return JSON.stringify(ms / 1000)
}

/** The expression as Prometheus prints it back (`rule.Query().String()`); as written if it does not parse. */
function printedQuery(expr: string): string {
  try {
    return formatExpr(parseExpr(expr))
  } catch {
    return expr
  }
}

function recordJson(record: Readonly<Record<string, string>>): string {
  const keys = Object.keys(record).sort()
  return `{${keys.map((k) => `${goJsonString(k)}:${goJsonString(record[k] ?? '')}`).join(',')}}`
}

function labelSetJson(labels: Labels): string {
  const parts: string[] = []
  labels.forEach((name, value) => parts.push(`${goJsonString(name)}:${goJsonString(value)}`))
  return `{${parts.join(',')}}`
}

function alertJson(a: Alert): string {
  return (
    `{"labels":${labelSetJson(a.labels)},"annotations":${labelSetJson(a.annotations)},` +
    `"state":"${a.state}","activeAt":${goTimeJson(a.activeAtMs)},"value":"${goExponentFloat(a.value)}"}`
  )
}

/** The rule's state: the most advanced state among its alerts. */
function ruleState(alerts: readonly Alert[]): string {
  if (alerts.some((a) => a.state === 'firing')) return 'firing'
  if (alerts.some((a) => a.state === 'pending')) return 'pending'
  return 'inactive'
}

function lastError(rule: Rule): string {
  return rule.lastError === undefined ? '' : `,"lastError":${goJsonString(rule.lastError.message)}`
}

function evaluated(rule: Rule): string {
  return `"evaluationTime":${seconds(rule.evaluationDurationMs)},"lastEvaluation":${goTimeJson(rule.lastEvaluationMs)}`
}

function ruleJson(rule: Rule): string {
  const common = `"name":${goJsonString(rule.name)},"query":${goJsonString(printedQuery(rule.expr))}`
  if (rule instanceof AlertingRule) {
    const alerts = rule.activeAlerts()
    return (
      `{"state":"${ruleState(alerts)}",${common},"duration":${seconds(rule.forMs)},` +
      `"keepFiringFor":${seconds(rule.keepFiringForMs)},"labels":${recordJson(rule.labels)},` +
      `"annotations":${recordJson(rule.annotations)},"alerts":[${alerts.map(alertJson).join(',')}],` +
      `"health":"${rule.health}"${lastError(rule)},${evaluated(rule)},"type":"alerting"}`
    )
  }
  // Prometheus leaves a recording rule's labels out when it has none.
  const labels = Object.keys(rule.labels).length === 0 ? '' : `,"labels":${recordJson(rule.labels)}`
  return `{${common}${labels},"health":"${rule.health}"${lastError(rule)},${evaluated(rule)},"type":"recording"}`
}

/** Groups as Prometheus lists them: by file, then by name. */
function sortedGroups(source: RulesRetriever): RuleGroup[] {
  return [...source.groups()].sort((a, b) =>
    a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  )
}

function filterSet(form: ApiForm, name: string): Set<string> | undefined {
  const values = form.getAll(name)
  return values.length === 0 ? undefined : new Set(values)
}

/**
 * GET /api/v1/rules: every group with its rules, state and alerts. `type=alert|record` keeps one
 * kind of rule; `rule_name[]`, `rule_group[]` and `file[]` keep the rules and groups named, and a
 * group left without rules by a filter is dropped, as in Prometheus.
 */
export function rulesApi(source: RulesRetriever, form: ApiForm): ApiResult {
  const type = (form.get('type') ?? '').toLowerCase()
  if (type !== '' && type !== 'alert' && type !== 'record')
    throw invalidParam('type', `not supported value ${JSON.stringify(type)}`)
  const names = filterSet(form, 'rule_name[]')
  const groupNames = filterSet(form, 'rule_group[]')
  const files = filterSet(form, 'file[]')
  const filtered = type !== '' || names !== undefined
  const out: string[] = []
  for (const group of sortedGroups(source)) {
    if (groupNames !== undefined && !groupNames.has(group.name)) continue
    if (files !== undefined && !files.has(group.file)) continue
    const rules = group.rules.filter(
      (r) =>
        (names === undefined || names.has(r.name)) &&
        (type === '' || (type === 'alert') === (r.kind === 'alerting')),
    )
    if (filtered && rules.length === 0) continue
    out.push(
      `{"name":${goJsonString(group.name)},"file":${goJsonString(group.file)},` +
        `"rules":[${rules.map(ruleJson).join(',')}],"interval":${seconds(group.intervalMs)},` +
        `"limit":${group.limit},"evaluationTime":${seconds(group.lastDurationMs)},` +
        `"lastEvaluation":${goTimeJson(group.lastEvaluationMs)}}`,
    )
  }
  return { data: `{"groups":[${out.join(',')}]}` }
}

/** GET /api/v1/alerts: the pending and firing alerts of every alerting rule. */
export function alertsApi(source: RulesRetriever): ApiResult {
  const alerts: string[] = []
  for (const group of sortedGroups(source))
    for (const rule of group.rules)
      if (rule instanceof AlertingRule) for (const a of rule.activeAlerts()) alerts.push(alertJson(a))
  return { data: `{"alerts":[${alerts.join(',')}]}` }
}
