import { execFileSync } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { httpPostAlerts, parseConfig, startServer, type RunningServer } from '@watchfire/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, waitForHttp } from './lib/ports.js'
import { startProcess, type Managed } from './lib/processes.js'
import { eventually } from './lib/prometheus.js'

// Budget: ≤ 45 s (measured 11–17 s on a shared 2-core machine). Our server (in-process) scrapes a tiny
// app whose gauge `flag` the test sets, evaluates `flag > 0` with `for: 2s` every second, and sends to
// Debian's Alertmanager 0.25 on loopback. Asserted through the Alertmanager's own API (GET
// /api/v2/alerts): the alert arrives only after pending → firing, with our labels, external labels,
// annotations and generatorURL; once the flag drops to 0 the resolution arrives (the alert leaves the
// active list within seconds, where a mere stop of sending would keep it active for 4 minutes) and the
// Alertmanager's webhook reports it resolved. A last case posts over HTTPS with tls_config (a CA made
// by openssl for the test) and basic_auth.

const AM_BIN = process.env.ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager'
const EXTERNAL_URL = 'http://watchfire.example:9090/prom'

const RULES = `
groups:
  - name: flags
    interval: 1s
    rules:
      - alert: FlagRaised
        expr: flag > 0
        for: 2s
        labels: { severity: page }
        annotations:
          summary: 'flag is {{ $value }} on {{ $labels.instance }}'
`

interface AmAlert {
  labels: Record<string, string>
  annotations: Record<string, string>
  generatorURL: string
  startsAt: string
  endsAt: string
  status: { state: string }
}

interface Listening {
  server: Server
  port: number
}

async function listen(handler: Parameters<typeof createServer>[1]): Promise<Listening> {
  const server = createServer(handler)
  const port = await freePort()
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return { server, port }
}

async function close(l: Listening | undefined): Promise<void> {
  if (l === undefined) return
  l.server.closeAllConnections()
  await new Promise((resolve) => l.server.close(resolve))
}

describe('watchfire server → real Alertmanager', () => {
  let dir: string
  let flag = 0
  let app: Listening
  let hook: Listening
  const hooked: { status: string; alerts: { status: string; endsAt: string }[] }[] = []
  let am: Managed
  let amUrl: string
  let server: RunningServer
  const pendingSeen: string[] = []

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'watchfire-server-am-e2e-'))
    app = await listen((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' })
      res.end(`# TYPE flag gauge\nflag ${flag}\n`)
    })
    hook = await listen((req, res) => {
      let body = ''
      req.on('data', (c: Buffer) => (body += c.toString()))
      req.on('end', () => {
        hooked.push(JSON.parse(body) as (typeof hooked)[number])
        res.end()
      })
    })
    const amPort = await freePort()
    amUrl = `http://127.0.0.1:${amPort}`
    await writeFile(
      join(dir, 'alertmanager.yml'),
      `route:
  receiver: hook
  group_by: [alertname]
  group_wait: 0s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: hook
    webhook_configs: [{ url: 'http://127.0.0.1:${hook.port}/hook', send_resolved: true }]
`,
    )
    am = startProcess(AM_BIN, [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'am-data')}`,
      `--web.listen-address=127.0.0.1:${amPort}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ])
    await waitForHttp(`${amUrl}/-/ready`, 30_000)

    await writeFile(join(dir, 'rules.yml'), RULES)
    await writeFile(
      join(dir, 'prometheus.yml'),
      `global: { scrape_interval: 1s, evaluation_interval: 1s, external_labels: { site: e2e } }
rule_files: [rules.yml]
scrape_configs:
  - job_name: app
    static_configs: [{ targets: ['127.0.0.1:${app.port}'] }]
alerting:
  alertmanagers:
    - static_configs: [{ targets: ['127.0.0.1:${amPort}'] }]
      timeout: 5s
`,
    )
    server = await startServer({
      config: { file: join(dir, 'prometheus.yml') },
      storagePath: join(dir, 'data'),
      listenAddress: '127.0.0.1:0',
      externalUrl: EXTERNAL_URL,
      log: () => undefined,
    })
  }, 60_000)

  afterAll(async () => {
    await server?.close()
    await am?.stop()
    await close(app)
    await close(hook)
    await rm(dir, { recursive: true, force: true })
  })

  const amAlerts = async (): Promise<AmAlert[]> =>
    (await (await fetch(`${amUrl}/api/v2/alerts`)).json()) as AmAlert[]

  const ourAlerts = async (): Promise<{ state: string }[]> =>
    ((await (await fetch(`${server.url}/api/v1/alerts`)).json()) as { data: { alerts: { state: string }[] } })
      .data.alerts

  it('lists the Alertmanager on /api/v1/alertmanagers', async () => {
    const data = await eventually(async () => {
      const body = (await (await fetch(`${server.url}/api/v1/alertmanagers`)).json()) as {
        data: { activeAlertmanagers: { url: string }[]; droppedAlertmanagers: unknown[] }
      }
      return body.data.activeAlertmanagers.length > 0 ? body.data : undefined
    }, 5_000)
    expect(data).toEqual({
      activeAlertmanagers: [{ url: `${amUrl}/api/v2/alerts` }],
      droppedAlertmanagers: [],
    })
  })

  it('delivers the alert only once it fires', async () => {
    flag = 1
    // While pending, the Alertmanager must not have it.
    await eventually(async () => {
      const states = (await ourAlerts()).map((a) => a.state)
      if (states.includes('pending')) {
        const seen = JSON.stringify(await amAlerts())
        // Only a look taken while the alert stayed pending throughout counts: it may fire in between.
        if ((await ourAlerts()).every((a) => a.state === 'pending')) pendingSeen.push(seen)
      }
      return states.includes('firing') ? true : undefined
    }, 15_000)
    expect(pendingSeen.length).toBeGreaterThan(0)
    expect(pendingSeen.every((seen) => seen === '[]')).toBe(true)

    const [alert, ...rest] = await eventually(async () => {
      const list = await amAlerts()
      return list.length > 0 ? list : undefined
    }, 10_000)
    expect(rest).toEqual([])
    expect(alert?.labels).toEqual({
      alertname: 'FlagRaised',
      severity: 'page',
      instance: `127.0.0.1:${app.port}`,
      job: 'app',
      site: 'e2e',
    })
    expect(alert?.annotations).toEqual({ summary: `flag is 1 on 127.0.0.1:${app.port}` })
    expect(alert?.generatorURL).toBe(`${EXTERNAL_URL}/graph?g0.expr=flag+%3E+0&g0.tab=1`)
    expect(alert?.status.state).toBe('active')
    // Valid for 4 × max(resend delay 1m, interval 1s) from the send.
    const validMs = Date.parse(alert?.endsAt ?? '') - Date.now()
    expect(validMs).toBeGreaterThan(3 * 60_000)
    expect(validMs).toBeLessThanOrEqual(4 * 60_000)

    const metrics = await (await fetch(`${server.url}/metrics`)).text()
    const label = `{alertmanager="${amUrl}/api/v2/alerts"}`
    expect(metrics).toMatch(new RegExp(`^prometheus_notifications_sent_total${escape(label)} [1-9]`, 'm'))
    expect(metrics).toContain(`prometheus_notifications_errors_total${label} 0`)
    expect(metrics).toContain('prometheus_notifications_alertmanagers_discovered 1')
  }, 60_000)

  it('delivers the resolution once the flag drops', async () => {
    flag = 0
    const remaining = await eventually(async () => {
      const list = await amAlerts()
      return list.length === 0 ? list : undefined
    }, 10_000)
    expect(remaining).toEqual([])
    const resolved = await eventually(async () => hooked.find((n) => n.status === 'resolved'), 10_000)
    expect(resolved.alerts).toHaveLength(1)
    expect(resolved.alerts[0]?.status).toBe('resolved')
    expect(Date.parse(resolved.alerts[0]?.endsAt ?? '')).toBeLessThanOrEqual(Date.now())
    expect(hooked.some((n) => n.status === 'firing')).toBe(true)
  }, 25_000)
})

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

describe('posting to an Alertmanager over HTTPS', () => {
  it('verifies the server with tls_config.ca_file and sends basic_auth', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'watchfire-am-tls-'))
    const received: { url: string; authorization: string; body: string }[] = []
    const server = await (async () => {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
        ],
        { stdio: 'ignore' },
      )
      const https = createHttpsServer(
        { key: await readFile(join(dir, 'key.pem')), cert: await readFile(join(dir, 'cert.pem')) },
        (req, res) => {
          let body = ''
          req.on('data', (c: Buffer) => (body += c.toString()))
          req.on('end', () => {
            received.push({ url: req.url ?? '', authorization: req.headers.authorization ?? '', body })
            res.end()
          })
        },
      )
      await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve))
      return https
    })()
    try {
      const port = (server.address() as AddressInfo).port
      const config = (ca: string): ReturnType<typeof parseConfig> =>
        parseConfig(`
alerting:
  alertmanagers:
    - scheme: https
      basic_auth: { username: prom, password: s3cret }
      tls_config: { ca_file: ${JSON.stringify(ca)} }
      static_configs: [{ targets: ['127.0.0.1:${port}'] }]
`)
      const am = config(join(dir, 'cert.pem')).alerting.alertmanagers[0]
      if (am === undefined) throw new Error('no Alertmanager parsed')
      const url = `https://127.0.0.1:${port}/api/v2/alerts`
      const signal = new AbortController().signal
      await httpPostAlerts(url, '[]', { httpClient: am.httpClient, timeoutMs: 5_000, signal })
      expect(received).toEqual([
        {
          url: '/api/v2/alerts',
          authorization: `Basic ${Buffer.from('prom:s3cret').toString('base64')}`,
          body: '[]',
        },
      ])
      // Without the CA the certificate is not trusted, and nothing arrives.
      const untrusted = parseConfig(`
alerting:
  alertmanagers: [{ scheme: https, static_configs: [{ targets: ['127.0.0.1:${port}'] }] }]
`).alerting.alertmanagers[0]
      if (untrusted === undefined) throw new Error('no Alertmanager parsed')
      await expect(
        httpPostAlerts(url, '[]', { httpClient: untrusted.httpClient, timeoutMs: 5_000, signal }),
      ).rejects.toThrow(/self.signed|certificate/i)
      expect(received).toHaveLength(1)
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      await rm(dir, { recursive: true, force: true })
    }
  })
})
