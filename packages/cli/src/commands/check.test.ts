import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../main.js'

async function check(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await main(['check', ...args], {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    signal: new AbortController().signal,
  })
  return { code, stdout, stderr }
}

describe('watchfire check config', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'watchfire-check-'))
    await mkdir(join(dir, 'rules'))
    await writeFile(
      join(dir, 'rules', 'a.yml'),
      'groups:\n  - name: g\n    rules:\n      - record: x\n        expr: up\n',
    )
    await writeFile(join(dir, 'good.yml'), 'rule_files: ["rules/*.yml"]\nscrape_configs:\n  - job_name: a\n')
    await writeFile(join(dir, 'bad.yml'), 'global:\n  scrape_interval: 5x\n')
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('prints promtool’s success lines and counts rule files and rules', async () => {
    const file = join(dir, 'good.yml')
    expect(await check('config', file)).toEqual({
      code: 0,
      stdout: `Checking ${file}\n  SUCCESS: 1 rule files found\n SUCCESS: ${file} is valid prometheus config file syntax\n\nChecking ${join(dir, 'rules', 'a.yml')}\n  SUCCESS: 1 rules found\n\n`,
      stderr: '',
    })
  })

  it('prints FAILED with the reason and exits 1, still checking the other files', async () => {
    const bad = join(dir, 'bad.yml')
    const good = join(dir, 'good.yml')
    const result = await check('config', bad, good)
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(
      `  FAILED: parsing YAML file ${bad}: global.scrape_interval: not a valid duration string: "5x"\n`,
    )
    expect(result.stdout).toContain(`SUCCESS: ${good} is valid`)
  })

  it('reports a missing file as a failure', async () => {
    const missing = join(dir, 'missing.yml')
    const result = await check('config', missing)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`FAILED: parsing YAML file ${missing}:`)
  })

  it.each([[['rules']], [['config']]])('rejects the usage %j', async (args) => {
    expect((await check(...args)).code).not.toBe(0)
  })
})
