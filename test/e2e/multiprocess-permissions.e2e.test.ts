import { execFile } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterEach, expect, it } from 'vitest'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
let dir = ''
afterEach(() => rmSync(dir, { recursive: true, force: true }))

// A read-only directory stops nobody who runs as root, and CI does: so the process that opens it runs as
// the unprivileged `nobody` (uid 65534) whenever this suite runs as root. Budget: ~1 s.
it('fails at start-up with a clear message for a directory it may not write', async () => {
  dir = mkdtempSync(join(tmpdir(), 'watchfire-mp-ro-'))
  chmodSync(dir, 0o555)
  const script = `
    import { enableMultiprocess } from '@watchfire/client'
    try { enableMultiprocess({ directory: process.argv[1] }); console.log('opened') }
    catch (e) { console.log(e.code + ': ' + e.message) }`
  const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--input-type=module', '--eval', script, dir],
    {
      cwd: repoRoot,
      ...asNobody,
    },
  )
  expect(stdout.trim()).toMatch(
    /^ERR_MULTIPROCESS: cannot use metrics directory .* \(not a writable directory: EACCES\)$/,
  )
})
