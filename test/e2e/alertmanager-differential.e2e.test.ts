import { createServer, type Server } from 'node:http'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAlertmanager, type RunningAlertmanager } from '@watchfire/alertmanager'
import { startRealAlertmanager } from './lib/alertmanager.js'
import { freePort } from './lib/ports.js'
import type { Managed } from './lib/processes.js'

// Budget: ~15 s. The same alerts go to Debian's Alertmanager 0.25 and to ours, each with a webhook receiver
// on loopback: both must send the same notifications (groups, alerts, payload) — first the firing groups
// after group_wait, then the resolved alert after group_interval.

interface Hook {
  server: Server
  url: string
  received: Record<string, unknown>[]
}

async function startHook(): Promise<Hook> {
  const received: Record<string, unknown>[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      received.push(JSON.parse(body) as Record<string, unknown>)
      res.end()
    })
  })
  const port = await freePort()
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r))
  return { server, url: `http://127.0.0.1:${port}/hook`, received }
}

const config = (hook: string): string => `route:
  receiver: hook
  group_by: [alertname]
  group_wait: 1s
  group_interval: 2s
  repeat_interval: 1h
  routes:
    - matchers: ['team="db"']
      receiver: db-hook
      group_by: [alertname, cluster]
receivers:
  - name: hook
    webhook_configs: [{url: '${hook}', send_resolved: true}]
  - name: db-hook
    webhook_configs: [{url: '${hook}', send_resolved: true, max_alerts: 1}]
`

const alerts = [
  { labels: { alertname: 'DiskFull', instance: 'a', job: 'node' }, annotations: { summary: 'disk a' } },
  { labels: { alertname: 'DiskFull', instance: 'b', job: 'node' }, annotations: { summary: 'disk b' } },
  {
    labels: { alertname: 'Replication', team: 'db', cluster: 'c1', instance: 'x' },
    generatorURL: 'http://prom/graph',
  },
  { labels: { alertname: 'Replication', team: 'db', cluster: 'c1', instance: 'y' } },
]
/**
 * The alerts as posted, started at posting time. An alert older than group_wait makes its group flush
 * at once, and 0.25 flushes from another goroutine while it is still inserting the rest of the post: the
 * real Alertmanager's notification then sometimes held only the first alert.
 */
let posted: Record<string, unknown>[] = []

async function post(url: string, body: unknown): Promise<void> {
  const res = await fetch(`${url}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
  expect(res.status).toBe(200)
}

/** Payloads minus what differs by design (external URL, resolve times set by each server's clock). */
function normalise(payloads: readonly Record<string, unknown>[]): unknown[] {
  return payloads
    .map((p) => ({
      ...p,
      externalURL: '<url>',
      alerts: (p.alerts as Record<string, unknown>[]).map((a) => ({
        ...a,
        endsAt: a.status === 'resolved' ? '<resolved>' : a.endsAt,
      })),
    }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
}

let dir = ''
let real: Managed
let realUrl = ''
let ours: RunningAlertmanager
let realHook: Hook
let ourHook: Hook

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'watchfire-am-diff-'))
  realHook = await startHook()
  ourHook = await startHook()
  await writeFile(join(dir, 'real.yml'), config(realHook.url))
  await writeFile(join(dir, 'ours.yml'), config(ourHook.url))
  const started = await startRealAlertmanager(join(dir, 'real.yml'), join(dir, 'real-data'))
  real = started.process
  realUrl = started.url
  ours = await startAlertmanager({ configFile: join(dir, 'ours.yml'), listenAddress: '127.0.0.1:0' })
})

afterAll(async () => {
  await ours.close()
  await real.stop()
  realHook.server.close()
  ourHook.server.close()
  await rm(dir, { recursive: true, force: true })
})

const until = async (check: () => boolean, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
}

describe('webhook notifications: ours vs Alertmanager 0.25', () => {
  it('sends the same firing groups after group_wait', async () => {
    const startsAt = new Date().toISOString()
    posted = alerts.map((a) => ({ ...a, startsAt }))
    await Promise.all([post(realUrl, posted), post(ours.url, posted)])
    await until(() => realHook.received.length >= 2 && ourHook.received.length >= 2, 6000)
    await new Promise((r) => setTimeout(r, 500))
    expect(realHook.received).toHaveLength(2)
    expect(normalise(ourHook.received)).toEqual(normalise(realHook.received))
  })

  it('sends the same resolved notification after group_interval', async () => {
    const resolved = [{ ...posted[0], endsAt: new Date().toISOString() }]
    await Promise.all([post(realUrl, resolved), post(ours.url, resolved)])
    await until(() => realHook.received.length >= 3 && ourHook.received.length >= 3, 6000)
    await new Promise((r) => setTimeout(r, 500))
    expect(normalise(ourHook.received.slice(2))).toEqual(normalise(realHook.received.slice(2)))
    expect(realHook.received.slice(2)).toHaveLength(1)
  })
})
