import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Registry } from '@watchfire/client'
import { afterEach, describe, expect, it } from 'vitest'
import { parseConfig } from '../config/load-config.js'
import { AlertmanagerSendError, type PostAlerts } from './alertmanager-client.js'
import { Notifier, type NotifierOptions } from './notifier.js'
import { names, testAlerts } from './test-alerts.test-fixtures.js'

interface Post {
  url: string
  alerts: { labels: Record<string, string> }[]
}

/** A fake network: records every post; URLs in `failing` answer with an error. */
function fakeNetwork(failing: Set<string> = new Set()) {
  const posts: Post[] = []
  const post: PostAlerts = async (url, body) => {
    posts.push({ url, alerts: JSON.parse(body) as Post['alerts'] })
    if (failing.has(url)) throw new AlertmanagerSendError('bad response status 500 Internal Server Error')
  }
  return { posts, post }
}

const STATIC_TWO = `
alerting:
  alertmanagers:
    - static_configs: [{ targets: ['a:9093', 'b:9093'] }]
`
const A = 'http://a:9093/api/v2/alerts'
const B = 'http://b:9093/api/v2/alerts'

const running: AbortController[] = []
afterEach(() => {
  for (const c of running.splice(0)) c.abort()
})

/** A notifier with `yaml` applied, discovery settled, and (unless `start` is false) running. */
async function startNotifier(
  yaml: string,
  options: NotifierOptions & { start?: boolean; discovered?: number } = {},
) {
  const registry = new Registry()
  const log: string[] = []
  const notifier = new Notifier({ registry, discoveryDelayMs: 5, log: (m) => void log.push(m), ...options })
  notifier.applyConfig(parseConfig(yaml))
  const controller = new AbortController()
  running.push(controller)
  const done = options.start === false ? Promise.resolve() : notifier.run(controller.signal)
  if (options.start !== false)
    await until(() => notifier.alertmanagers().length === (options.discovered ?? 0))
  const metric = async (name: string, labels = ''): Promise<number | undefined> => {
    const line = (await registry.metrics()).split('\n').find((l) => l.startsWith(`${name}${labels} `))
    return line === undefined ? undefined : Number(line.split(' ').at(-1))
  }
  return { notifier, registry, metric, log, stop: () => (controller.abort(), done) }
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 5))
  }
}

describe('Notifier', () => {
  it('sends in batches of at most 64 to every Alertmanager', async () => {
    const net = fakeNetwork()
    const { notifier, metric } = await startNotifier(STATIC_TWO, { post: net.post, discovered: 2 })
    notifier.send(testAlerts(150))
    await until(() => net.posts.length === 6)
    for (const url of [A, B]) {
      const batches = net.posts.filter((p) => p.url === url)
      expect(batches.map((p) => p.alerts.length)).toEqual([64, 64, 22])
      expect(batches.flatMap((p) => p.alerts.map((a) => a.labels.alertname))).toEqual(names(testAlerts(150)))
      expect(await metric('prometheus_notifications_sent_total', `{alertmanager="${url}"}`)).toBe(150)
    }
    expect(await metric('prometheus_notifications_dropped_total')).toBe(0)
    expect(await metric('prometheus_notifications_queue_length')).toBe(0)
  })

  it('counts errors per Alertmanager and drops nothing while one Alertmanager accepts', async () => {
    const net = fakeNetwork(new Set([B]))
    const { notifier, metric, log } = await startNotifier(STATIC_TWO, { post: net.post, discovered: 2 })
    notifier.send(testAlerts(100))
    await until(() => net.posts.length === 4)
    await until(() => log.length === 2)
    expect(await metric('prometheus_notifications_errors_total', `{alertmanager="${A}"}`)).toBe(0)
    expect(await metric('prometheus_notifications_errors_total', `{alertmanager="${B}"}`)).toBe(2)
    expect(await metric('prometheus_notifications_sent_total', `{alertmanager="${B}"}`)).toBe(100)
    expect(await metric('prometheus_notifications_dropped_total')).toBe(0)
    expect(log[0]).toContain(`alertmanager=${B} count=64 msg="Error sending alert"`)
  })

  it('counts a batch no Alertmanager accepted as dropped', async () => {
    const net = fakeNetwork(new Set([A, B]))
    const { notifier, metric } = await startNotifier(STATIC_TWO, { post: net.post, discovered: 2 })
    notifier.send(testAlerts(70))
    await until(async () => (await metric('prometheus_notifications_dropped_total')) === 70)
    expect(net.posts).toHaveLength(4)
    expect(await metric('prometheus_notifications_errors_total', `{alertmanager="${A}"}`)).toBe(2)
  })

  it('counts alerts as dropped when no Alertmanager is configured', async () => {
    const net = fakeNetwork()
    const { notifier, metric } = await startNotifier('global: {}', { post: net.post })
    notifier.send(testAlerts(3))
    await until(async () => (await metric('prometheus_notifications_dropped_total')) === 3)
    expect(net.posts).toEqual([])
    expect(await metric('prometheus_notifications_alertmanagers_discovered')).toBe(0)
  })

  it('drops the oldest alerts when the queue is full and counts them', async () => {
    const net = fakeNetwork()
    const { notifier, metric } = await startNotifier(STATIC_TWO, {
      post: net.post,
      queueCapacity: 10,
      start: false,
    })
    notifier.send(testAlerts(6, 'x'))
    notifier.send(testAlerts(8, 'y'))
    expect(await metric('prometheus_notifications_dropped_total')).toBe(4)
    expect(await metric('prometheus_notifications_queue_length')).toBe(10)
    expect(await metric('prometheus_notifications_queue_capacity')).toBe(10)
  })

  it('adds external labels and applies alert_relabel_configs before queueing', async () => {
    const net = fakeNetwork()
    const { notifier } = await startNotifier(
      `
global: { external_labels: { region: eu, severity: none } }
alerting:
  alert_relabel_configs:
    - { source_labels: [alertname], regex: a1, action: drop }
    - { target_label: team, replacement: ops }
  alertmanagers:
    - static_configs: [{ targets: ['a:9093'] }]
`,
      { post: net.post, discovered: 1 },
    )
    notifier.send(
      testAlerts(3).map((a, i) => (i === 2 ? { ...a, labels: a.labels.with('severity', 'page') } : a)),
    )
    await until(() => net.posts.length === 1)
    expect(net.posts[0]?.alerts.map((a) => a.labels)).toEqual([
      { alertname: 'a0', region: 'eu', severity: 'none', team: 'ops' },
      { alertname: 'a2', region: 'eu', severity: 'page', team: 'ops' },
    ])
  })

  it('exposes per-Alertmanager counters at 0 once discovered, and the discovered count', async () => {
    const { metric, notifier } = await startNotifier(STATIC_TWO, { post: fakeNetwork().post, discovered: 2 })
    expect(notifier.alertmanagers()).toEqual([A, B])
    expect(await metric('prometheus_notifications_alertmanagers_discovered')).toBe(2)
    expect(await metric('prometheus_notifications_sent_total', `{alertmanager="${A}"}`)).toBe(0)
    expect(await metric('prometheus_notifications_errors_total', `{alertmanager="${B}"}`)).toBe(0)
  })

  it('follows relabelling of Alertmanager targets and lists dropped ones', async () => {
    const { notifier } = await startNotifier(
      `
alerting:
  alertmanagers:
    - path_prefix: /am
      static_configs: [{ targets: ['a:9093', 'b:9093'] }]
      relabel_configs: [{ source_labels: [__address__], regex: 'b:.*', action: drop }]
    - api_version: v1
      scheme: https
      static_configs: [{ targets: ['c:9093'] }]
`,
      { post: fakeNetwork().post, discovered: 2 },
    )
    expect(notifier.alertmanagers()).toEqual([
      'http://a:9093/am/api/v2/alerts',
      'https://c:9093/api/v1/alerts',
    ])
    expect(notifier.droppedAlertmanagers()).toEqual(['http://b:9093/am/api/v2/alerts'])
  })

  it('posts the v1 and v2 payloads to Alertmanagers of each API version', async () => {
    const bodies = new Map<string, string>()
    const post: PostAlerts = async (url, body) => void bodies.set(url, body)
    const { notifier } = await startNotifier(
      `
alerting:
  alertmanagers:
    - static_configs: [{ targets: ['a:9093'] }]
    - { api_version: v1, static_configs: [{ targets: ['b:9093'] }] }
`,
      { post, discovered: 2 },
    )
    notifier.send([{ ...testAlerts(1)[0]!, startsAtMs: undefined }])
    await until(() => bodies.size === 2)
    expect(JSON.parse(bodies.get(A) ?? '')[0].startsAt).toBe('0001-01-01T00:00:00.000Z')
    expect(JSON.parse(bodies.get('http://b:9093/api/v1/alerts') ?? '')[0].startsAt).toBe(
      '0001-01-01T00:00:00Z',
    )
  })
})

describe('Notifier discovery', () => {
  let dir: string | undefined
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true })
    dir = undefined
  })

  it('follows file_sd_configs as the file changes, and reloads keep unchanged sets', async () => {
    dir = await mkdtemp(join(tmpdir(), 'watchfire-notifier-'))
    const file = join(dir, 'am.json')
    const writeTargets = async (targets: string[]): Promise<void> => {
      await writeFile(`${file}.tmp`, JSON.stringify([{ targets }]))
      await rename(`${file}.tmp`, file)
    }
    await writeTargets(['x:9093'])
    const yaml = `
alerting:
  alertmanagers:
    - file_sd_configs: [{ files: [${JSON.stringify(file)}], refresh_interval: 1s }]
`
    const net = fakeNetwork()
    const { notifier } = await startNotifier(yaml, { post: net.post, discovered: 1 })
    expect(notifier.alertmanagers()).toEqual(['http://x:9093/api/v2/alerts'])

    await writeTargets(['y:9093', 'z:9093'])
    await until(() => notifier.alertmanagers().length === 2)
    expect(notifier.alertmanagers()).toEqual(['http://y:9093/api/v2/alerts', 'http://z:9093/api/v2/alerts'])

    notifier.applyConfig(parseConfig(yaml))
    expect(notifier.alertmanagers()).toHaveLength(2)
    notifier.send(testAlerts(1))
    await until(() => net.posts.length === 2)
    expect(net.posts.map((p) => p.url).sort()).toEqual(notifier.alertmanagers())

    notifier.applyConfig(parseConfig('global: {}'))
    expect(notifier.alertmanagers()).toEqual([])
  })
})
