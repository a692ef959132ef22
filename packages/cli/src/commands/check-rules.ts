import { access, readFile } from 'node:fs/promises'
import { Labels } from '@watchfire/model'
import { checkAlertTemplate, parseRuleFile, RuleFileError, type RuleGroupDefinition } from '@watchfire/server'
import type { CommandIO } from './command.js'

/** promtool's lint settings for `check rules`. */
export interface RuleLintOptions {
  /** `--lint`: `duplicate-rules` (default), `all` or `none`. */
  lint: string
  /** `--lint-fatal`: lint findings exit with 3 instead of 0. */
  lintFatal: boolean
}

const LINT_EXIT_CODE = 3

/** Rules with the same name and labels, each reported once, as promtool's duplicate-rules lint finds them. */
function duplicateRules(groups: readonly RuleGroupDefinition[]): { name: string; labels: Labels }[] {
  const rules = groups
    .flatMap((g) => g.rules.map((r) => ({ name: r.name, labels: Labels.fromRecord(r.labels) })))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : Labels.compare(a.labels, b.labels)))
  const same = (a: (typeof rules)[number], b: (typeof rules)[number]): boolean =>
    a.name === b.name && a.labels.equals(b.labels)
  const out: typeof rules = []
  for (let i = 1; i < rules.length; i++) {
    const last = rules[i - 1] as (typeof rules)[number]
    const rule = rules[i] as (typeof rules)[number]
    if (same(last, rule) && (out.length === 0 || !same(last, out[out.length - 1] as (typeof rules)[number])))
      out.push(rule)
  }
  return out
}

function lintMessage(duplicates: { name: string; labels: Labels }[]): string {
  let text = `lint error ${duplicates.length} duplicate rule(s) found.\n`
  for (const d of duplicates) {
    text += `Metric: ${d.name}\nLabel(s):\n`
    d.labels.forEach((name, value) => (text += `\t${name}: ${value}\n`))
  }
  return text + 'Might cause inconsistency while recording expressions'
}

/**
 * `watchfire check rules <file>…`: promtool's `check rules`, same output and exit codes (0 valid,
 * 1 invalid, 3 for lint findings with `--lint-fatal`).
 */
export async function runCheckRules(
  files: readonly string[],
  options: RuleLintOptions,
  io: CommandIO,
): Promise<number> {
  if (files.length === 0) {
    io.stderr.write("watchfire check: error: required argument 'rule-files' not provided, try --help\n")
    return 1
  }
  for (const file of files) {
    try {
      await access(file)
    } catch {
      io.stderr.write(`watchfire check: error: path '${file}' does not exist, try --help\n`)
      return 1
    }
  }
  if (!['duplicate-rules', 'all', 'none'].includes(options.lint)) {
    io.stderr.write(
      `watchfire check: error: unknown lint option ${JSON.stringify(options.lint)}, try --help\n`,
    )
    return 1
  }
  let failed = false
  let lintOnly = true
  for (const file of files) {
    io.stdout.write(`Checking ${file}\n`)
    let groups: RuleGroupDefinition[]
    try {
      groups = parseRuleFile(await readFile(file, 'utf8'), file, { checkTemplate: checkAlertTemplate })
    } catch (err) {
      if (!(err instanceof RuleFileError) && (err as NodeJS.ErrnoException).code === undefined) throw err
      io.stderr.write(
        `  FAILED:\n${err instanceof RuleFileError ? err.message : `${file}: ${(err as Error).message}`}\n`,
      )
      io.stdout.write('\n')
      failed = true
      lintOnly = false
      continue
    }
    const duplicates = options.lint === 'none' ? [] : duplicateRules(groups)
    if (duplicates.length > 0) {
      io.stderr.write(`  FAILED:\n${lintMessage(duplicates)}\n`)
      failed = true
    } else {
      io.stdout.write(`  SUCCESS: ${groups.reduce((n, g) => n + g.rules.length, 0)} rules found\n`)
    }
    io.stdout.write('\n')
  }
  if (!failed) return 0
  if (!lintOnly) return 1
  return options.lintFatal ? LINT_EXIT_CODE : 0
}
