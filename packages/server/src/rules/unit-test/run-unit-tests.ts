import { readFile } from 'node:fs/promises'
import { dirname, isAbsolute, join } from 'node:path'
import { globFiles } from '../../config/glob.js'
import { readRuleFiles } from '../load-groups.js'
import { RuleFileError } from '../rule-file-error.js'
import { runTestGroup } from './run-test-group.js'
import { parseUnitTestFile, StrictYamlError, type UnitTestFile } from './unit-test-file.js'

/** The outcome of one unit-test file: promtool's failure texts (none when it passes) and warnings. */
export interface UnitTestResult {
  errors: string[]
  warnings: string[]
}

/**
 * Runs a rule unit-test file in promtool's format (`promtool test rules`): rule files are resolved
 * relative to the test file and may be globs; each entry of `tests` runs against fresh storage.
 */
export async function runRuleUnitTests(file: string): Promise<UnitTestResult> {
  const warnings: string[] = []
  let spec: UnitTestFile
  try {
    spec = parseUnitTestFile(await readFile(file, 'utf8'))
  } catch (err) {
    if (err instanceof StrictYamlError || (err as NodeJS.ErrnoException).code !== undefined)
      return { errors: [(err as Error).message], warnings }
    throw err
  }
  const ruleFiles: string[] = []
  for (const pattern of spec.ruleFiles) {
    const path = pattern !== '' && !isAbsolute(pattern) ? join(dirname(file), pattern) : pattern
    const matches = await globFiles(path).catch(() => [])
    if (matches.length === 0) warnings.push(`  WARNING: no file match pattern ${path}`)
    ruleFiles.push(...matches)
  }
  const groupOrder = new Map<string, number>()
  for (const [i, name] of spec.groupEvalOrder.entries()) {
    if (groupOrder.has(name))
      return { errors: [`group name repeated in evaluation order: ${name}`], warnings }
    groupOrder.set(name, i)
  }
  const errors: string[] = []
  for (const tg of spec.tests) {
    let definitions
    try {
      definitions = await readRuleFiles(ruleFiles)
    } catch (err) {
      if (err instanceof RuleFileError) {
        errors.push(...err.problems.map((p) => `${err.file}: ${p}`))
        continue
      }
      throw err
    }
    errors.push(
      ...(await runTestGroup(tg, {
        definitions,
        evaluationIntervalMs: spec.evaluationIntervalMs,
        groupOrder,
      })),
    )
  }
  return { errors, warnings }
}
