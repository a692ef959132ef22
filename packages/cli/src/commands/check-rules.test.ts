import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../main.js'

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await main(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    signal: new AbortController().signal,
  })
  return { code, stdout, stderr }
}

const GOOD =
  'groups:\n  - name: g\n    rules:\n      - record: x\n        expr: up\n      - alert: A\n        expr: up == 0\n'
const BAD = 'groups:\n  - name: g\n    rules:\n      - record: x\n        expr: sum(up\n'
const DUPLICATE =
  'groups:\n  - name: g\n    rules:\n      - record: x\n        expr: up\n      - record: x\n        expr: up\n'

describe('watchfire check rules / test rules', () => {
  let dir: string
  const path = (name: string): string => join(dir, name)
  beforeAll(async () => {
    // The first command loads the server, the PromQL engine and the template engine: slow when cold.
    await import('@watchfire/server')
    dir = await mkdtemp(join(tmpdir(), 'watchfire-rules-cli-'))
    await writeFile(path('good.yml'), GOOD)
    await writeFile(path('bad.yml'), BAD)
    await writeFile(path('dup.yml'), DUPLICATE)
    await writeFile(
      path('pass.test.yml'),
      "rule_files: [good.yml]\ntests:\n  - input_series: [{series: 'up', values: '1'}]\n    promql_expr_test: [{expr: x, eval_time: 0m, exp_samples: [{labels: x, value: 1}]}]\n",
    )
    await writeFile(
      path('fail.test.yml'),
      "rule_files: [good.yml]\ntests:\n  - input_series: [{series: 'up', values: '1'}]\n    promql_expr_test: [{expr: x, eval_time: 0m}]\n",
    )
  }, 60_000)
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('accepts a valid file with promtool’s summary', async () => {
    expect(await cli('check', 'rules', path('good.yml'))).toEqual({
      code: 0,
      stdout: `Checking ${path('good.yml')}\n  SUCCESS: 2 rules found\n\n`,
      stderr: '',
    })
  })

  it('rejects a bad file naming file, line, group and rule, and goes on with the next file', async () => {
    const out = await cli('check', 'rules', path('bad.yml'), path('good.yml'))
    expect(out.code).toBe(1)
    expect(out.stderr).toBe(
      `  FAILED:\n${path('bad.yml')}: 5:15: group "g", rule 1, "x": could not parse expression: 1:7: parse error: unclosed left parenthesis\n`,
    )
    expect(out.stdout).toContain('SUCCESS: 2 rules found')
  })

  it.each([
    [[], 0],
    [['--lint-fatal'], 3],
    [['--lint=none'], 0],
  ])('reports duplicate rules as a lint finding (flags %j → exit %d)', async (flags, code) => {
    const out = await cli('check', 'rules', ...flags, path('dup.yml'))
    expect(out.code).toBe(code)
    if (flags[0] === '--lint=none') expect(out.stdout).toContain('SUCCESS: 2 rules found')
    else expect(out.stderr).toContain('lint error 1 duplicate rule(s) found.\nMetric: x\nLabel(s):\n')
  })

  it.each([
    [['check', 'rules'], "required argument 'rule-files' not provided"],
    [['check', 'rules', '/nonexistent.yml'], "path '/nonexistent.yml' does not exist"],
    [['test', 'rules'], "required argument 'test-rule-file' not provided"],
    [['test', 'nope'], 'expected "rules"'],
  ])('refuses %j with exit code 1', async (args, message) => {
    const out = await cli(...args)
    expect(out.code).toBe(1)
    expect(out.stderr).toContain(message)
  })

  it('runs unit tests: SUCCESS and exit 0 when they pass, the diff and exit 1 when not', async () => {
    expect(await cli('test', 'rules', path('pass.test.yml'))).toEqual({
      code: 0,
      stdout: `Unit Testing:  ${path('pass.test.yml')}\n  SUCCESS\n\n`,
      stderr: '',
    })
    const failed = await cli('test', 'rules', path('fail.test.yml'), path('pass.test.yml'))
    expect(failed.code).toBe(1)
    expect(failed.stderr).toBe(
      '  FAILED:\n    expr: "x", time: 0s,\n        exp: nil\n        got: {__name__="x"} 1E+00\n',
    )
  })
})
