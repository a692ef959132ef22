import { readFile } from 'node:fs/promises'
import { Labels } from '@watchfire/model'
import type { Engine } from '@watchfire/promql'
import {
  AlertingRule,
  buildGroups,
  checkAlertTemplate,
  engineQueryFunc,
  parseRuleFile,
  RuleMetrics,
  type RuleGroup,
  type RuleGroupDefinition,
} from '@watchfire/server'
import { MemoryStorage, mergeQueryables, type Queryable } from '@watchfire/storage'
import { HarnessError } from './errors.js'

/** One pending or firing alert, as plain data. */
export interface HarnessAlert {
  /** The rule's `alert` name. */
  name: string
  state: 'pending' | 'firing'
  /** The alert's labels: the sample's (without `__name__`), the rule's, and `alertname`. */
  labels: Record<string, string>
  /** The rule's annotations with their templates expanded. */
  annotations: Record<string, string>
  /** When the condition started holding (the evaluation that first saw it). */
  activeAt: Date
  /** The expression's value at the latest evaluation. */
  value: number
}

/** What a replay of rule evaluations reads and when. */
export interface AlertReplay {
  queryable: Queryable
  engine: Engine
  startMs: number
  nowMs: number
  evaluationIntervalMs: number
}

async function loadDefinitions(ruleFile: string): Promise<RuleGroupDefinition[]> {
  // A path has no line breaks and rule YAML always has (groups: then a list); this tells them apart.
  const inline = ruleFile.includes('\n')
  let text = ruleFile
  if (!inline) {
    try {
      text = await readFile(ruleFile, 'utf8')
    } catch (err) {
      throw new HarnessError(
        'ERR_HARNESS_RULES',
        `cannot read rule file ${ruleFile} (${(err as Error).message})`,
        {
          cause: err,
        },
      )
    }
  }
  return parseRuleFile(text, inline ? '<inline rules>' : ruleFile, { checkTemplate: checkAlertTemplate })
}

/**
 * Evaluates a rule file's groups at every evaluation slot from the start to now, in time order,
 * with the server's rule groups: alert state (pending after the first hit, firing once `for` has
 * passed, `keep_firing_for`) comes out as a server evaluating since the start would hold it.
 * Rules write ALERTS and recorded series into a scratch store layered over the scraped one, so
 * one call never changes what the next sees. A rule that fails to evaluate or to expand a
 * template throws: in a test that is a bug to see, not a log line to miss.
 */
export async function evaluateAlerts(ruleFile: string, replay: AlertReplay): Promise<HarnessAlert[]> {
  const definitions = await loadDefinitions(ruleFile)
  const scratch = new MemoryStorage()
  const queryable = mergeQueryables([replay.queryable, scratch])
  let failure: HarnessError | undefined
  const groups = buildGroups(
    definitions,
    { intervalMs: replay.evaluationIntervalMs, queryOffsetMs: 0, restored: true },
    {
      appendable: scratch,
      query: engineQueryFunc(replay.engine, queryable),
      notify: () => undefined,
      clock: { now: () => replay.nowMs, sleepUntil: () => Promise.resolve() },
      metrics: new RuleMetrics(),
      externalLabels: {},
      externalURL: '',
      resendDelayMs: 60_000,
      log: (message, err) => {
        failure ??= new HarnessError(
          'ERR_HARNESS_RULES',
          `${message}: ${(err as Error).message ?? String(err)}`,
          {
            cause: err,
          },
        )
      },
    },
  )
  for (const { group, ts } of schedule(groups, replay.startMs, replay.nowMs)) {
    await group.eval(ts)
    if (failure !== undefined) throw failure
  }
  const alerts: HarnessAlert[] = []
  for (const group of groups) {
    for (const rule of group.rules) {
      if (!(rule instanceof AlertingRule)) continue
      for (const a of rule.activeAlerts()) {
        if (a.state !== 'pending' && a.state !== 'firing') continue
        alerts.push({
          name: rule.name,
          state: a.state,
          labels: a.labels.toRecord(),
          annotations: a.annotations.toRecord(),
          activeAt: new Date(a.activeAtMs),
          value: a.value,
        })
      }
    }
  }
  return alerts.sort(
    (a, b) =>
      a.name.localeCompare(b.name) ||
      Labels.compare(Labels.fromRecord(a.labels), Labels.fromRecord(b.labels)),
  )
}

/** Every (group, time) evaluation from `startMs` to `nowMs`, in time order; groups keep file order at a tie. */
function schedule(
  groups: readonly RuleGroup[],
  startMs: number,
  nowMs: number,
): { group: RuleGroup; ts: number }[] {
  const out: { group: RuleGroup; ts: number; order: number }[] = []
  groups.forEach((group, order) => {
    for (let ts = startMs; ts <= nowMs; ts += group.intervalMs) out.push({ group, ts, order })
  })
  return out.sort((a, b) => a.ts - b.ts || a.order - b.order)
}
