import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../main.js'

async function check(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await main(['check', 'web-config', ...args], {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    signal: new AbortController().signal,
  })
  return { code, stdout, stderr }
}

describe('watchfire check web-config', () => {
  let dir: string
  beforeAll(async () => {
    // `check` loads the whole server package on first use; do that here, outside the tests' time limit.
    await import('./check.js')
    dir = await mkdtemp(join(tmpdir(), 'watchfire-check-web-'))
    await writeFile(join(dir, 'good.yml'), 'http_server_config:\n  headers:\n    X-Frame-Options: deny\n')
    await writeFile(join(dir, 'bad.yml'), 'tls_server_config:\n  foo: 1\n')
    await writeFile(join(dir, 'plain.yml'), 'basic_auth_users:\n  alice: secret\n')
  }, 60_000)

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('prints FILE SUCCESS for a valid file and exits 0', async () => {
    const good = join(dir, 'good.yml')
    expect(await check(good)).toEqual({ code: 0, stdout: '', stderr: `${good} SUCCESS\n` })
  })

  it('prints FILE FAILED: reason for each bad file, checks the rest and exits 1', async () => {
    const [bad, plain, good] = ['bad.yml', 'plain.yml', 'good.yml'].map((f) => join(dir, f))
    const result = await check(bad as string, plain as string, good as string)
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(
      `${bad} FAILED: line 2: field foo not found in type web.TLSConfig\n` +
        `${plain} FAILED: basic_auth_users: the password of user "alice" is not a bcrypt hash\n` +
        `${good} SUCCESS\n`,
    )
  })

  it('fails on a missing file and on no file at all', async () => {
    const missing = join(dir, 'missing.yml')
    expect((await check(missing)).stderr).toContain(`${missing} FAILED: cannot read web config file`)
    expect((await check()).code).toBe(1)
  })
})
