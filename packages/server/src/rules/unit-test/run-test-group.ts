import { Labels } from '@watchfire/model'
import { Engine, parseSeriesLabels } from '@watchfire/promql'
import { MemoryStorage } from '@watchfire/storage'
import { AlertingRule } from '../alerting-rule.js'
import { SYSTEM_CLOCK } from '../clock.js'
import type { RuleGroup } from '../group.js'
import { buildGroups } from '../load-groups.js'
import { engineQueryFunc } from '../query-func.js'
import { RuleMetrics } from '../rule-metrics.js'
import type { RuleGroupDefinition } from '../rule-types.js'
import { formatDuration } from '../../config/duration.js'
import {
  formatAlertList,
  formatFloatE,
  formatGoDuration,
  indentLines,
  type LabelsAndAnnotations,
} from './go-format.js'
import { InputSeries, labelsError } from './input-series.js'
import type { AlertRuleTest, TestGroup } from './unit-test-file.js'

/** What a test group runs against. */
export interface TestGroupContext {
  /** The validated groups of the test file's rule files. */
  definitions: readonly RuleGroupDefinition[]
  evaluationIntervalMs: number
  /** Position of each group name in `group_eval_order`. */
  groupOrder: ReadonlyMap<string, number>
}

const compareAlerts = (a: LabelsAndAnnotations, b: LabelsAndAnnotations): number =>
  Labels.compare(a.labels, b.labels) || Labels.compare(a.annotations, b.annotations)

const sameAlerts = (a: LabelsAndAnnotations[], b: LabelsAndAnnotations[]): boolean =>
  a.length === b.length && a.every((x, i) => compareAlerts(x, b[i] as LabelsAndAnnotations) === 0)

/**
 * Runs one entry of `tests` as promtool does: evaluates every group at each evaluation interval
 * from 0 to the latest `eval_time`, feeding input samples up to that time first; checks alerts
 * against the evaluation at or just before each alert test's time, then runs the expression
 * tests on the resulting storage. Resolves with promtool's failure texts (empty when it passes).
 */
export async function runTestGroup(tg: TestGroup, ctx: TestGroupContext): Promise<string[]> {
  let input: InputSeries
  try {
    input = new InputSeries(tg.inputSeries, tg.intervalMs)
  } catch (err) {
    return [(err as Error).message]
  }
  const storage = new MemoryStorage()
  const query = engineQueryFunc(new Engine({ defaultSubqueryStepMs: ctx.evaluationIntervalMs }), storage)
  const groups = buildGroups(
    ctx.definitions,
    { intervalMs: tg.intervalMs, queryOffsetMs: 0, restored: true },
    {
      appendable: storage,
      query,
      notify: () => undefined,
      clock: SYSTEM_CLOCK,
      metrics: new RuleMetrics(),
      externalLabels: tg.externalLabels,
      externalURL: tg.externalURL,
      resendDelayMs: 60_000,
      log: () => undefined,
    },
  )
  const ordered = groups
    .map((g, i) => ({ g, i, order: ctx.groupOrder.get(g.name) ?? 0 }))
    .sort((a, b) => a.order - b.order || a.i - b.i)
    .map((x) => x.g)

  const errors: string[] = []
  const alertTimes = [...new Set(tg.alertRuleTests.map((a) => a.evalTimeMs))].sort((a, b) => a - b)
  const maxEvalMs = Math.max(
    0,
    ...tg.alertRuleTests.map((a) => a.evalTimeMs),
    ...tg.promqlExprTests.map((p) => p.evalTimeMs),
  )
  const evalMs = ctx.evaluationIntervalMs
  let current = 0
  for (let ts = 0; ts <= maxEvalMs; ts += evalMs) {
    await input.appendUntil(storage, ts)
    const evalErrors: string[] = []
    for (const group of ordered) {
      await group.eval(ts)
      for (const rule of group.rules) {
        if (rule.lastError !== undefined)
          evalErrors.push(
            `    rule: ${rule.name}, time: ${formatGoDuration(ts)}, err: ${rule.lastError.message}`,
          )
      }
    }
    if (evalErrors.length > 0) return [...errors, ...evalErrors]
    while (current < alertTimes.length) {
      const t = alertTimes[current] as number
      if (!(ts <= t && t < ts + evalMs)) break
      for (const test of tg.alertRuleTests.filter((a) => a.evalTimeMs === t)) {
        const problem = checkAlerts(test, ordered, tg.name)
        if (problem !== undefined) errors.push(problem)
      }
      current++
    }
  }
  for (const test of tg.promqlExprTests) {
    const problem = await checkExpr(test, query)
    if (problem !== undefined) errors.push(problem)
  }
  return errors
}

function checkAlerts(
  test: AlertRuleTest,
  groups: readonly RuleGroup[],
  groupName: string,
): string | undefined {
  const got: LabelsAndAnnotations[] = []
  for (const group of groups) {
    for (const rule of group.rules) {
      if (!(rule instanceof AlertingRule) || rule.name !== test.alertname) continue
      for (const a of rule.activeAlerts())
        if (a.state === 'firing') got.push({ labels: a.labels, annotations: a.annotations })
    }
  }
  const exp = test.expAlerts.map((a) => ({
    labels: Labels.fromRecord({ ...a.labels, alertname: test.alertname }),
    annotations: Labels.fromRecord(a.annotations),
  }))
  got.sort(compareAlerts)
  exp.sort(compareAlerts)
  if (sameAlerts(exp, got)) return undefined
  const name = groupName === '' ? '' : `    name: ${groupName},\n`
  return (
    `${name}    alertname: ${test.alertname}, time: ${formatDuration(test.evalTimeMs)}, \n` +
    `        exp:${indentLines(formatAlertList(exp), '            ')}, \n` +
    `        got:${indentLines(formatAlertList(got), '            ')}`
  )
}

async function checkExpr(
  test: TestGroup['promqlExprTests'][number],
  query: ReturnType<typeof engineQueryFunc>,
): Promise<string | undefined> {
  const where = `    expr: ${JSON.stringify(test.expr)}, time: ${formatDuration(test.evalTimeMs)}`
  let got: { labels: Labels; value: number }[]
  try {
    got = (await query(test.expr, test.evalTimeMs)).map((s) => ({ labels: s.metric, value: s.f }))
  } catch (err) {
    return `${where}, err: ${(err as Error).message}`
  }
  const exp: { labels: Labels; value: number }[] = []
  for (const s of test.expSamples) {
    try {
      const { labels, rest } = parseSeriesLabels(s.labels, 1)
      if (rest !== '') throw new Error(`unexpected ${JSON.stringify(rest)}`)
      exp.push({ labels, value: s.value })
    } catch (err) {
      const why = labelsError(s.labels, 1) ?? (err as Error)
      return `${where}, err: labels ${JSON.stringify(s.labels)}: ${why.message}`
    }
  }
  const bySeries = (a: { labels: Labels }, b: { labels: Labels }): number =>
    Labels.compare(a.labels, b.labels)
  exp.sort(bySeries)
  got.sort(bySeries)
  const same =
    exp.length === got.length &&
    exp.every((e, i) => e.labels.equals((got[i] as (typeof got)[number]).labels) && e.value === got[i]?.value)
  if (same) return undefined
  const list = (xs: typeof got): string =>
    xs.length === 0 ? 'nil' : xs.map((x) => `${x.labels.toString()} ${formatFloatE(x.value)}`).join(', ')
  return `${where},\n        exp: ${list(exp)}\n        got: ${list(got)}`
}
