// Budget: ≤ 60 s (measured ~15 s). In-process Watchfire servers against local fakes: a target that
// checks credentials, an oauth2 token endpoint, an HTTP SD endpoint, a forward proxy, a failing
// remote-write sink; plus the real Prometheus 2.42 for the disabled admin API's answer.
// Proves: no configured secret (nor the oauth2 access token) appears in any API response or log
// line; the admin APIs work when enabled and refuse as 2.42 does when not; input limits answer
// 413/414/431 and are counted.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startAlertmanager } from '@watchfire/alertmanager'
import { startPushgateway } from '@watchfire/pushgateway'
import { startServer, type RunningServer } from '@watchfire/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, startPrometheus, type RealPrometheus } from './lib/prometheus.js'

const S = {
  inline: 'SeCrEt-inline-pw-71',
  file: 'SeCrEt-file-pw-72',
  client: 'SeCrEt-oauth-client-73',
  access: 'SeCrEt-access-token-74',
  wrong: 'SeCrEt-wrong-cred-75',
  sdCred: 'SeCrEt-sd-cred-76',
  sdJob: 'SeCrEt-sd-job-pw-77',
  proxyPw: 'SeCrEt-proxy-pw-78',
  proxyHdr: 'SeCrEt-proxy-hdr-79',
  rwUrl: 'SeCrEt-rw-url-pw-80',
  rwCred: 'SeCrEt-rw-cred-81',
  amPw: 'SeCrEt-am-pw-82',
  bearer: 'SeCrEt-bearer-83',
}
const SECRETS = Object.values(S)

const servers: Server[] = []
let dir: string
const logs: string[] = []
let server: RunningServer
let disabled: RunningServer
let prometheus: RealPrometheus | undefined
let targetHost = ''
let tokenRequests = 0

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const s = createServer(handler)
  servers.push(s)
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
  return `127.0.0.1:${(s.address() as AddressInfo).port}`
}

const basic = (user: string, pw: string): string => `Basic ${Buffer.from(`${user}:${pw}`).toString('base64')}`

function configYaml(hosts: { target: string; token: string; sd: string; proxy: string; rw: string }): string {
  return `
global: {scrape_interval: 1s, scrape_timeout: 1s}
scrape_configs:
- job_name: inline
  basic_auth: {username: u, password: ${S.inline}}
  static_configs: [{targets: ['${hosts.target}']}]
- job_name: file
  basic_auth: {username: u, password_file: ${join(dir, 'password')}}
  static_configs: [{targets: ['${hosts.target}']}]
- job_name: oauth
  oauth2: {client_id: watchfire, client_secret: ${S.client}, token_url: 'http://${hosts.token}/token', scopes: [metrics]}
  static_configs: [{targets: ['${hosts.target}']}]
- job_name: wrong
  authorization: {credentials: ${S.wrong}}
  static_configs: [{targets: ['${hosts.target}']}]
- job_name: legacy
  bearer_token: ${S.bearer}
  static_configs: [{targets: ['${hosts.target}']}]
- job_name: sd
  basic_auth: {username: u, password: ${S.sdJob}}
  proxy_url: 'http://proxyuser:${S.proxyPw}@${hosts.proxy}'
  proxy_connect_header: {X-Key: [${S.proxyHdr}]}
  http_sd_configs:
  - url: 'http://${hosts.sd}/targets'
    refresh_interval: 1s
    authorization: {credentials: ${S.sdCred}}
remote_write:
- url: 'http://writer:${S.rwUrl}@${hosts.rw}/write'
  authorization: {credentials: ${S.rwCred}}
alerting:
  alertmanagers:
  - basic_auth: {username: am, password: ${S.amPw}}
    static_configs: [{targets: ['127.0.0.1:1']}]
`
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'watchfire-hardening-'))
  writeFileSync(join(dir, 'password'), `${S.file}\n`)
  const accepted = new Set([
    basic('u', S.inline),
    basic('u', S.file),
    basic('u', S.sdJob),
    `Bearer ${S.access}`,
    `Bearer ${S.bearer}`,
  ])
  targetHost = await serve((req, res) => {
    if (!accepted.has(req.headers.authorization ?? '')) res.writeHead(401).end('unauthorized\n')
    else res.end('# TYPE hardening_test gauge\nhardening_test 1\n')
  })
  const token = await serve((req, res) => {
    tokenRequests++
    const ok = req.headers.authorization === basic('watchfire', S.client)
    res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' })
    res.end(JSON.stringify(ok ? { access_token: S.access, token_type: 'Bearer', expires_in: 3600 } : {}))
  })
  const sd = await serve((req, res) => {
    const ok = req.headers.authorization === `Bearer ${S.sdCred}`
    res.writeHead(ok ? 200 : 403, { 'Content-Type': 'application/json' })
    res.end(ok ? JSON.stringify([{ targets: [targetHost], labels: { via: 'sd' } }]) : '[]')
  })
  const proxy = await serve((req, res) => {
    if (req.headers['proxy-authorization'] !== basic('proxyuser', S.proxyPw))
      return void res.writeHead(407).end()
    const headers = { ...req.headers }
    delete headers['proxy-authorization']
    const up = request(req.url ?? '', { method: req.method, headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers)
      r.pipe(res)
    })
    up.on('error', () => res.writeHead(502).end())
    req.pipe(up)
  })
  // A sink that fails every write, so the remote writer logs about its URL.
  const rw = await serve((req, res) => {
    req.resume()
    req.on('end', () => res.writeHead(500).end('sink refuses\n'))
  })
  const yaml = configYaml({ target: targetHost, token, sd, proxy, rw })
  server = await startServer({
    config: { yaml },
    storagePath: join(dir, 'data'),
    listenAddress: '127.0.0.1:0',
    enableAdminApi: true,
    enableLifecycle: true,
    enableRemoteWriteReceiver: true,
    webLimits: { maxUrlBytes: 8 << 10, maxHeaderBytes: 16 << 10 },
    log: (m) => logs.push(m),
  })
  disabled = await startServer({
    config: { yaml: 'scrape_configs: []' },
    storagePath: join(dir, 'data-disabled'),
    listenAddress: '127.0.0.1:0',
    log: () => {},
  })
  prometheus = await startPrometheus('scrape_configs: []\n')
})

afterAll(async () => {
  await server?.close()
  await disabled?.close()
  await prometheus?.stop()
  for (const s of servers) {
    s.closeAllConnections()
    s.close()
  }
  rmSync(dir, { recursive: true, force: true })
})

async function up(): Promise<Record<string, string>> {
  const res = await fetch(`${server.url}/api/v1/query?query=up`)
  const body = (await res.json()) as {
    data: { result: { metric: { job: string }; value: [number, string] }[] }
  }
  return Object.fromEntries(body.data.result.map((r) => [r.metric.job, r.value[1]]))
}

describe('secrets', () => {
  it('scrapes with every kind of credential (inline, file, oauth2, bearer, SD through a proxy)', async () => {
    const seen = await eventually(async () => {
      const u = await up()
      return Object.keys(u).length === 6 ? u : undefined
    }, 20_000)
    expect(seen).toEqual({ inline: '1', file: '1', oauth: '1', wrong: '0', legacy: '1', sd: '1' })
    expect(tokenRequests).toBe(1)
  })

  it('leaves no secret in any API response or log line', async () => {
    await fetch(`${server.url}/-/reload`, { method: 'POST' })
    // Let the remote writer fail and log at least once.
    await new Promise((r) => setTimeout(r, 1500))
    const paths = [
      '/api/v1/status/config',
      '/api/v1/status/flags',
      '/api/v1/status/runtimeinfo',
      '/api/v1/status/buildinfo',
      '/api/v1/status/tsdb',
      '/api/v1/targets',
      '/api/v1/targets?state=any',
      '/api/v1/targets/metadata',
      '/api/v1/metadata',
      '/api/v1/alertmanagers',
      '/api/v1/rules',
      '/api/v1/alerts',
      '/api/v1/query?query=up',
      '/api/v1/series?match[]=up',
      '/api/v1/labels',
      '/api/v1/label/job/values',
      '/federate?match[]=up',
      '/metrics',
    ]
    const bodies = await Promise.all(
      paths.map(async (p) => [p, await (await fetch(`${server.url}${p}`)).text()]),
    )
    for (const [path, body] of bodies)
      for (const secret of SECRETS) expect(`${path}: ${body}`).not.toContain(secret)
    const config = (JSON.parse(bodies[0]?.[1] ?? '{}') as { data: { yaml: string } }).data.yaml
    expect(config.match(/<secret>/g)?.length).toBe(9)
    expect(config).toContain(`http://writer:xxxxx@`)
    expect(config).toContain(`http://proxyuser:xxxxx@`)
    expect(config).toContain(`password_file: ${join(dir, 'password')}`)
    expect(logs.length).toBeGreaterThan(0)
    const joined = logs.join('\n')
    for (const secret of SECRETS) expect(joined).not.toContain(secret)
  })
})

describe('admin APIs', () => {
  it.each(['delete_series?match[]=up', 'clean_tombstones', 'snapshot'])(
    'answers %s like Prometheus 2.42 when disabled',
    async (path) => {
      const ours = await fetch(`${disabled.url}/api/v1/admin/tsdb/${path}`, { method: 'POST' })
      const theirs = await fetch(`${prometheus?.url}/api/v1/admin/tsdb/${path}`, { method: 'POST' })
      expect([ours.status, await ours.json()]).toEqual([theirs.status, await theirs.json()])
    },
  )

  it('snapshots blocks and head into <data>/snapshots/<name>', async () => {
    const res = await fetch(`${server.url}/api/v1/admin/tsdb/snapshot`, { method: 'PUT' })
    const body = (await res.json()) as { status: string; data: { name: string } }
    expect(body.status).toBe('success')
    const snap = join(dir, 'data', 'snapshots', body.data.name)
    const blocks = readdirSync(snap)
    expect(blocks).toHaveLength(1)
    expect(existsSync(join(snap, blocks[0] as string, 'index'))).toBe(true)
  })

  it('deletes series (204) so they no longer answer, and cleans tombstones (204)', async () => {
    const endS = Date.now() / 1000
    const del = await fetch(
      `${server.url}/api/v1/admin/tsdb/delete_series?match[]=${encodeURIComponent('up{job="inline"}')}&end=${endS}`,
      { method: 'POST' },
    )
    expect(del.status).toBe(204)
    const q = await fetch(
      `${server.url}/api/v1/query?query=${encodeURIComponent('count_over_time(up{job="inline"}[1h])')}&time=${endS}`,
    )
    expect(((await q.json()) as { data: { result: unknown[] } }).data.result).toEqual([])
    const clean = await fetch(`${server.url}/api/v1/admin/tsdb/clean_tombstones`, { method: 'POST' })
    expect(clean.status).toBe(204)
  })
})

describe('input limits', () => {
  async function rejected(reason: string): Promise<number> {
    const text = await (await fetch(`${server.url}/metrics`)).text()
    const m = new RegExp(`^watchfire_http_requests_rejected_total\\{reason="${reason}"\\} (\\d+)$`, 'm').exec(
      text,
    )
    return Number(m?.[1] ?? NaN)
  }

  it.each([
    ['body_too_large', 'a 33 MiB body', Buffer.alloc(33 << 20), 413],
    [
      'decoded_body_too_large',
      'a snappy header announcing 1 GiB',
      Buffer.from([0x80, 0x80, 0x80, 0x80, 0x04, 0]),
      413,
    ],
  ])('refuses remote write %s (%s)', async (reason, _what, body, status) => {
    const before = await rejected(reason)
    const res = await fetch(`${server.url}/api/v1/write`, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'snappy' },
    })
    expect(res.status).toBe(status)
    expect(await rejected(reason)).toBe(before + 1)
  })

  it.each([
    ['url_too_long', `GET /api/v1/query?query=${'x'.repeat(10_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 414],
    [
      'header_too_large',
      `GET /api/v1/query?query=up HTTP/1.1\r\nHost: x\r\nX-Big: ${'y'.repeat(20_000)}\r\n\r\n`,
      431,
    ],
  ])('answers %s with %i', async (reason, head, status) => {
    const before = await rejected(reason)
    const { port } = new URL(server.url)
    const answer = await new Promise<string>((resolve, reject) => {
      let data = ''
      const socket = connect(Number(port), '127.0.0.1', () => socket.end(head))
      socket.on('data', (c: Buffer) => (data += c.toString()))
      socket.on('close', () => resolve(data))
      socket.on('error', reject)
    })
    expect(answer.split('\r\n')[0]).toMatch(new RegExp(`^HTTP/1.1 ${status} `))
    expect(await rejected(reason)).toBe(before + 1)
  })

  it('exports the query concurrency limit', async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text()
    expect(text).toMatch(/^prometheus_engine_queries_concurrent_max 20$/m)
  })
})

describe('Pushgateway and Alertmanager bodies', () => {
  const quiet = { log: () => {} }

  it.each([
    ['a body over the limit', Buffer.alloc(2 << 20, 0x61), {}],
    [
      'a gzip bomb over the limit once inflated',
      gzipSync(Buffer.alloc(8 << 20)),
      { 'Content-Encoding': 'gzip' },
    ],
  ])('the Pushgateway answers %s with 413', async (_what, body, headers) => {
    const gateway = await startPushgateway({
      listenAddress: '127.0.0.1:0',
      maxBodyBytes: 1 << 20,
      logger: quiet,
    })
    try {
      const res = await fetch(`${gateway.url}/metrics/job/hardening`, { method: 'PUT', body, headers })
      expect(res.status).toBe(413)
    } finally {
      await gateway.close()
    }
  })

  it('the Alertmanager answers an oversized alert post with 413', async () => {
    const configFile = join(dir, 'alertmanager.yml')
    writeFileSync(configFile, 'route: {receiver: none}\nreceivers: [{name: none}]\n')
    const am = await startAlertmanager({ configFile, listenAddress: '127.0.0.1:0', logger: quiet })
    try {
      const res = await fetch(`${am.url}/api/v2/alerts`, {
        method: 'POST',
        body: Buffer.alloc(33 << 20, 0x20),
        headers: { 'Content-Type': 'application/json' },
      })
      expect(res.status).toBe(413)
    } finally {
      await am.close()
    }
  })
})
