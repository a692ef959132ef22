import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAlertmanager, type RunningAlertmanager } from '@watchfire/alertmanager'

// Budget: ~5 s. Debian's amtool (0.25) talks to our API v2: alert add/query, silence add/query/expire.

const AMTOOL = process.env.AMTOOL_BIN ?? '/usr/bin/amtool'
const run = promisify(execFile)

let dir = ''
let am: RunningAlertmanager
const amtool = async (...args: string[]): Promise<string> =>
  (await run(AMTOOL, [`--alertmanager.url=${am.url}`, ...args])).stdout

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'watchfire-am-amtool-'))
  const file = join(dir, 'alertmanager.yml')
  await writeFile(file, 'route:\n  receiver: team\n  group_by: [alertname]\nreceivers:\n  - name: team\n')
  am = await startAlertmanager({
    configFile: file,
    listenAddress: '127.0.0.1:0',
    storagePath: join(dir, 'data'),
  })
})
afterAll(async () => {
  await am.close()
  await rm(dir, { recursive: true, force: true })
})

describe('amtool against watchfire alertmanager', () => {
  it('adds and queries alerts', async () => {
    await amtool('alert', 'add', 'alertname=DiskFull', 'instance=db1', '--annotation=summary=full')
    await amtool('alert', 'add', 'alertname=CpuHigh', 'instance=web1')
    const out = await amtool('alert', 'query', '-o', 'json')
    const alerts = JSON.parse(out) as { labels: Record<string, string>; receivers: { name: string }[] }[]
    expect(alerts.map((a) => a.labels.alertname).sort()).toEqual(['CpuHigh', 'DiskFull'])
    expect(alerts[0]?.receivers).toEqual([{ name: 'team' }])
    const filtered = await amtool('alert', 'query', 'alertname=DiskFull')
    expect(filtered).toContain('DiskFull')
    expect(filtered).not.toContain('CpuHigh')
  })

  it('adds, queries and expires silences, and silenced alerts show as such', async () => {
    const id = (
      await amtool(
        'silence',
        'add',
        'alertname=DiskFull',
        '--comment=maintenance',
        '--author=ops',
        '--duration=1h',
      )
    ).trim()
    expect(id).toMatch(/^[0-9a-f-]{36}$/)
    const list = await amtool('silence', 'query', '-o', 'json')
    const silences = JSON.parse(list) as { id: string; comment: string; status: { state: string } }[]
    expect(silences.map((s) => [s.id, s.comment, s.status.state])).toEqual([[id, 'maintenance', 'active']])
    const silenced = JSON.parse(await amtool('alert', 'query', '--silenced', '-o', 'json')) as {
      labels: Record<string, string>
      status: { silencedBy: string[] }
    }[]
    const disk = silenced.find((a) => a.labels.alertname === 'DiskFull')
    expect(disk?.status.silencedBy).toEqual([id])
    await amtool('silence', 'expire', id)
    const after = JSON.parse(await amtool('silence', 'query', '--expired', '-o', 'json')) as {
      status: { state: string }
    }[]
    expect(after.map((s) => s.status.state)).toEqual(['expired'])
    expect((await amtool('silence', 'query', '-q')).trim()).toBe('')
  })

  it('rejects a silence without matchers that exclude the empty string', async () => {
    await expect(amtool('silence', 'add', 'alertname=~".*"', '--comment=x')).rejects.toThrow()
  })
})
