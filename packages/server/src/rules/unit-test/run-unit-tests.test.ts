import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runRuleUnitTests } from './run-unit-tests.js'

const RULES = `groups:
  - name: g
    rules:
      - record: job:x:sum
        expr: sum by (job) (x)
      - alert: High
        expr: job:x:sum > 10
        for: 2m
        annotations: {summary: "{{ $value }}"}
`

const series = `    input_series:
      - series: 'x{job="a"}'
        values: '0+5x10'
`

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rules-unit-'))
  await writeFile(join(dir, 'rules.yml'), RULES)
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function run(text: string): Promise<{ errors: string[]; warnings: string[] }> {
  const file = join(dir, `t${Math.random().toString(36).slice(2)}.yml`)
  await writeFile(file, text)
  return runRuleUnitTests(file)
}

describe('runRuleUnitTests', () => {
  it.each([
    // The alert is pending from 3m (first value above 10) and fires at 5m, exactly when for has elapsed.
    ['pending at 4m', '4m', '[]', true],
    ['firing at 5m', '5m', '[{exp_labels: {job: a}, exp_annotations: {summary: "25"}}]', true],
    ['not firing at 4m59s (checked against the 4m evaluation)', '4m59s', '[]', true],
    ['firing expected too early', '4m', '[{exp_labels: {job: a}, exp_annotations: {summary: "20"}}]', false],
  ])('%s', async (_, at, alerts, passes) => {
    const { errors } = await run(`rule_files: [rules.yml]
tests:
  - interval: 1m
${series}    alert_rule_test:
      - {eval_time: ${at}, alertname: High, exp_alerts: ${alerts}}
`)
    expect(errors.length === 0).toBe(passes)
  })

  it('reports a sample mismatch as promtool does', async () => {
    const { errors } = await run(`rule_files: [rules.yml]
tests:
  - interval: 1m
${series}    promql_expr_test:
      - expr: job:x:sum
        eval_time: 2m
        exp_samples: [{labels: 'job:x:sum{job="a"}', value: 11}]
`)
    expect(errors).toEqual([
      '    expr: "job:x:sum", time: 2m,\n        exp: {__name__="job:x:sum", job="a"} 1.1E+01\n        got: {__name__="job:x:sum", job="a"} 1E+01',
    ])
  })

  it('reports an alert mismatch with the test group name and both alert lists', async () => {
    const { errors } = await run(`rule_files: [rules.yml]
tests:
  - interval: 1m
    name: mine
${series}    alert_rule_test:
      - {eval_time: 5m, alertname: High, exp_alerts: []}
`)
    expect(errors).toEqual([
      '    name: mine,\n    alertname: High, time: 5m, \n        exp:[], \n        got:[\n            0:\n              Labels:{alertname="High", job="a"}\n              Annotations:{summary="25"}\n            ]',
    ])
  })

  it.each([
    [
      'an unknown field',
      'rule_files: [rules.yml]\nfoo: 1\n',
      /field foo not found in type main.unitTestFile/,
    ],
    [
      'a repeated group order',
      'rule_files: [rules.yml]\ngroup_eval_order: [g, g]\n',
      /group name repeated in evaluation order: g/,
    ],
    [
      'a bad input series',
      "rule_files: [rules.yml]\ntests:\n  - input_series: [{series: 'x{', values: '1'}]\n",
      /parse error/,
    ],
  ])('fails on %s', async (_, text, message) => {
    const { errors } = await run(text)
    expect(errors.join('\n')).toMatch(message)
  })

  it('warns about rule file patterns that match nothing, relative to the test file', async () => {
    const { errors, warnings } = await run('rule_files: [nothing-*.yml]\ntests: [{input_series: []}]\n')
    expect(errors).toEqual([])
    expect(warnings).toEqual([`  WARNING: no file match pattern ${join(dir, 'nothing-*.yml')}`])
  })
})
