import { readFile } from 'node:fs/promises'
import { AlertingRule } from './alerting-rule.js'
import type { GroupContext } from './group.js'
import { RuleGroup } from './group.js'
import { RecordingRule } from './recording-rule.js'
import type { Rule } from './rule.js'
import { RuleFileError } from './rule-file-error.js'
import { parseRuleFile } from './rule-file.js'
import { checkAlertTemplate } from './rule-template.js'
import type { RuleGroupDefinition } from './rule-types.js'

/** Defaults a group falls back to. */
export interface GroupDefaults {
  /** `global.evaluation_interval`. */
  intervalMs: number
  /** `global.rule_query_offset`. */
  queryOffsetMs: number
  /** Whether new alerting rules start out restored (false only for the first load after startup). */
  restored: boolean
}

/** Reads and validates rule files; throws the first file's RuleFileError (a missing file is one too). */
export async function readRuleFiles(files: readonly string[]): Promise<RuleGroupDefinition[]> {
  const groups: RuleGroupDefinition[] = []
  for (const file of files) {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (err) {
      throw new RuleFileError(file, [`cannot read rule file (${(err as Error).message})`], { cause: err })
    }
    groups.push(...parseRuleFile(text, file, { checkTemplate: checkAlertTemplate }))
  }
  return groups
}

/** Builds the rule objects of a group definition; group labels apply to every rule, a rule's own win. */
export function buildRules(def: RuleGroupDefinition, restored: boolean): Rule[] {
  return def.rules.map((r) => {
    const labels = { ...def.labels, ...r.labels }
    if (r.kind === 'recording') return new RecordingRule(r.name, r.expr, labels)
    return new AlertingRule({
      name: r.name,
      expr: r.expr,
      forMs: r.forMs,
      keepFiringForMs: r.keepFiringForMs,
      labels,
      annotations: r.annotations,
      restored,
    })
  })
}

/** Builds runnable groups from validated definitions. */
export function buildGroups(
  defs: readonly RuleGroupDefinition[],
  defaults: GroupDefaults,
  ctx: GroupContext,
): RuleGroup[] {
  return defs.map(
    (def) =>
      new RuleGroup(
        {
          name: def.name,
          file: def.file,
          intervalMs: def.intervalMs ?? defaults.intervalMs,
          queryOffsetMs: def.queryOffsetMs ?? defaults.queryOffsetMs,
          limit: def.limit,
          rules: buildRules(def, defaults.restored),
        },
        ctx,
      ),
  )
}
