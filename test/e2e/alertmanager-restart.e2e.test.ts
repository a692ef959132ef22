import { createServer, type Server } from 'node:http'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, waitForHttp } from './lib/ports.js'
import { startProcess, type Managed } from './lib/processes.js'

// Budget: ≤ 60 s (measured ~6 s). `watchfire alertmanager` (the built CLI) with --storage.path: a webhook gets
// a group's notification and a silence is added; the process is stopped with SIGTERM and started again on the
// same storage path; the same alerts posted again do not notify again within repeat_interval, the silence is
// still there and still mutes, and a new group is notified (so the pipeline is running). Then reloads: SIGHUP
// and POST /-/reload pick up a changed file; a bad file keeps the old configuration, logged, with
// alertmanager_config_last_reload_successful 0.

const BIN = fileURLToPath(new URL('../../packages/cli/bin/watchfire.js', import.meta.url))

interface Hook {
  server: Server
  url: string
  received: { alerts: { labels: Record<string, string> }[]; groupLabels: Record<string, string> }[]
}

async function startHook(): Promise<Hook> {
  const hook: Hook = { server: createServer(), url: '', received: [] }
  hook.server.on('request', (req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      hook.received.push(JSON.parse(body) as Hook['received'][number])
      res.end()
    })
  })
  const port = await freePort()
  await new Promise<void>((r) => hook.server.listen(port, '127.0.0.1', r))
  hook.url = `http://127.0.0.1:${port}/hook`
  return hook
}

const config = (hook: string, receiver = 'hook'): string => `route:
  receiver: ${receiver}
  group_by: [alertname]
  group_wait: 300ms
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: hook
    webhook_configs: [{url: '${hook}'}]
  - name: other
    webhook_configs: [{url: '${hook}'}]
`

const startsAt = new Date(Date.now() - 60_000).toISOString()
const firing = [
  { labels: { alertname: 'DiskFull', instance: 'a' }, startsAt },
  { labels: { alertname: 'DiskFull', instance: 'b' }, startsAt },
]
const muted = [{ labels: { alertname: 'Maintenance', instance: 'a' }, startsAt }]

let dir = ''
let configFile = ''
let hook: Hook
let port = 0
let url = ''
let am: Managed | undefined

async function start(): Promise<Managed> {
  const proc = startProcess(process.execPath, [
    BIN,
    'alertmanager',
    `--config.file=${configFile}`,
    `--storage.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=',
    '--data.retention=2h',
  ])
  try {
    await waitForHttp(`${url}/-/ready`, 20_000)
  } catch (err) {
    await proc.stop()
    throw new Error(`cannot start alertmanager: ${proc.output()}`, { cause: err })
  }
  return proc
}

async function api(path: string, init?: RequestInit): Promise<Response> {
  return fetch(`${url}${path}`, { headers: { 'Content-Type': 'application/json' }, ...init })
}

async function postAlerts(alerts: unknown): Promise<void> {
  const res = await api('/api/v2/alerts', { method: 'POST', body: JSON.stringify(alerts) })
  expect(res.status).toBe(200)
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await sleep(100)
  }
}

async function statusConfig(): Promise<string> {
  const body = (await (await api('/api/v2/status')).json()) as { config: { original: string } }
  return body.config.original
}

async function reloadGauge(): Promise<string | undefined> {
  const text = await (await api('/metrics')).text()
  return /^alertmanager_config_last_reload_successful (\S+)$/m.exec(text)?.[1]
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'watchfire-am-restart-'))
  configFile = join(dir, 'alertmanager.yml')
  hook = await startHook()
  await writeFile(configFile, config(hook.url))
  port = await freePort()
  url = `http://127.0.0.1:${port}`
  am = await start()
})

afterAll(async () => {
  await am?.stop()
  hook.server.close()
  await rm(dir, { recursive: true, force: true })
})

describe('alertmanager restart on the same --storage.path', () => {
  let silenceId = ''

  it('notifies a group once and takes a silence', async () => {
    await postAlerts(firing)
    await until(() => hook.received.length >= 1, 10_000)
    expect(hook.received[0]?.alerts).toHaveLength(2)
    const res = await api('/api/v2/silences', {
      method: 'POST',
      body: JSON.stringify({
        matchers: [{ name: 'alertname', value: 'Maintenance', isRegex: false, isEqual: true }],
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 3600_000).toISOString(),
        createdBy: 'e2e',
        comment: 'planned work',
      }),
    })
    expect(res.status).toBe(200)
    silenceId = ((await res.json()) as { silenceID: string }).silenceID
  })

  it('writes the snapshot on SIGTERM and restores it on start', async () => {
    await am?.stop()
    am = undefined
    const files = await Promise.all(
      ['silences.json', 'nflog.json'].map((f) => readFile(join(dir, 'data', f), 'utf8')),
    )
    expect(files[0]).toContain(silenceId)
    expect(files[1]).toContain('DiskFull')
    am = await start()
    const res = await api(`/api/v2/silence/${silenceId}`)
    expect(res.status).toBe(200)
    const silence = (await res.json()) as { status: { state: string }; comment: string }
    expect(silence.status.state).toBe('active')
    expect(silence.comment).toBe('planned work')
  })

  it('does not send again what was sent before the restart, and the silence still mutes', async () => {
    const before = hook.received.length
    await postAlerts([...firing, ...muted])
    // A new group proves the restarted pipeline sends: it arrives, the old group does not.
    await postAlerts([{ labels: { alertname: 'NewAfterRestart' }, startsAt }])
    await until(() => hook.received.length > before, 10_000)
    // Three group intervals: any repeat of DiskFull or a notification of the muted alert would be here.
    await sleep(3000)
    const after = hook.received.slice(before)
    expect(after.map((n) => n.groupLabels.alertname)).toEqual(['NewAfterRestart'])
    const alerts = (await (await api('/api/v2/alerts?filter=alertname%3D%22Maintenance%22')).json()) as {
      status: { state: string; silencedBy: string[] }
    }[]
    expect(alerts[0]?.status).toMatchObject({ state: 'suppressed', silencedBy: [silenceId] })
  })
})

describe('alertmanager reload', () => {
  it('picks up a changed file on SIGHUP', async () => {
    await writeFile(configFile, config(hook.url, 'other'))
    am?.child.kill('SIGHUP')
    await until(async () => (await statusConfig()).includes('receiver: other'), 10_000)
    expect(await reloadGauge()).toBe('1')
  })

  it('picks up a changed file on POST /-/reload', async () => {
    await writeFile(configFile, config(hook.url, 'hook'))
    const res = await api('/-/reload', { method: 'POST' })
    expect(res.status).toBe(200)
    expect(await statusConfig()).toContain('receiver: hook')
    const groups = (await (await api('/api/v2/alerts/groups')).json()) as { receiver: { name: string } }[]
    expect(new Set(groups.map((g) => g.receiver.name))).toEqual(new Set(['hook']))
  })

  it('keeps the old configuration after a bad POST /-/reload, and says why', async () => {
    const good = await statusConfig()
    await writeFile(configFile, config(hook.url, 'missing-receiver'))
    const res = await api('/-/reload', { method: 'POST' })
    expect(res.status).toBe(500)
    expect(await res.text()).toContain('missing-receiver')
    expect(await statusConfig()).toBe(good)
    expect(await reloadGauge()).toBe('0')
    expect(am?.output()).toMatch(/level=error msg="loading configuration file failed".*missing-receiver/)
  })

  it('keeps the old configuration after a bad SIGHUP reload, and still routes with it', async () => {
    const good = await statusConfig()
    await writeFile(configFile, 'route: [not, a, mapping]\n')
    const errorsBefore = (am?.output().match(/loading configuration file failed/g) ?? []).length
    am?.child.kill('SIGHUP')
    await until(
      () => (am?.output().match(/loading configuration file failed/g) ?? []).length > errorsBefore,
      10_000,
    )
    expect(await statusConfig()).toBe(good)
    expect(await reloadGauge()).toBe('0')
    const before = hook.received.length
    await postAlerts([{ labels: { alertname: 'AfterBadReload' }, startsAt }])
    await until(() => hook.received.length > before, 10_000)
    expect(hook.received.at(-1)?.groupLabels).toEqual({ alertname: 'AfterBadReload' })
  })
})
