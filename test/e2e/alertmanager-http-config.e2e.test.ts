import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, parseConfig, startAlertmanager } from '@watchfire/alertmanager'
import { startRealAlertmanager } from './lib/alertmanager.js'
import type { Managed } from './lib/processes.js'

// Budget: ≤ 30 s (measured 6 s). http_config's proxy_url, oauth2 and follow_redirects against Debian's
// Alertmanager 0.25: `amtool check-config` accepts and refuses the same blocks with the same words, and the
// same webhooks (through a proxy, behind redirects, with an oauth2 token) put the same requests on the wire.

const AMTOOL = process.env.AMTOOL_BIN ?? '/usr/bin/amtool'
const run = promisify(execFile)

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'watchfire-am-http-config-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** A configuration whose one webhook has `httpConfig` (flow-mapping text) as its http_config. */
const withHttpConfig = (httpConfig: string): string =>
  `route:\n  receiver: r\nreceivers:\n  - name: r\n    webhook_configs:\n      - url: http://x/\n        http_config: ${httpConfig}\n`

const OAUTH2 = "oauth2: {client_id: a, client_secret: b, token_url: 'http://t/'}"

const corpus: Record<string, string> = {
  proxy: "{proxy_url: 'http://u:p@proxy:3128'}",
  'proxy relative': "{proxy_url: 'proxy'}",
  'proxy bad scheme': "{proxy_url: '::bad'}",
  'proxy bad port': "{proxy_url: 'http://p:abc/'}",
  'proxy bad escape': "{proxy_url: '%zz'}",
  'proxy connect header': '{proxy_url: http://p/, proxy_connect_header: {X-A: [b]}}',
  'proxy connect header alone': '{proxy_connect_header: {X-A: [b]}}',
  'proxy from environment': '{proxy_from_environment: true}',
  oauth2: `{${OAUTH2}}`,
  'oauth2 full':
    "{oauth2: {client_id: a, client_secret_file: /s, token_url: 't', scopes: [x], endpoint_params: {k: v}, tls_config: {min_version: TLS13}, proxy_url: 'http://p/'}}",
  'oauth2 null': '{oauth2: }',
  'oauth2 empty': '{oauth2: {}}',
  'oauth2 no secret': "{oauth2: {client_id: a, token_url: 'http://t/'}}",
  'oauth2 two secrets': "{oauth2: {client_id: a, client_secret: b, client_secret_file: f, token_url: 't'}}",
  'oauth2 no token_url': '{oauth2: {client_id: a, client_secret: b}}',
  'oauth2 unknown field': `{oauth2: {client_id: a, client_secret: b, token_url: t, bogus: 1}}`,
  'oauth2 bad proxy': "{oauth2: {client_id: a, client_secret: b, token_url: t, proxy_url: '::x'}}",
  'oauth2 bad tls':
    '{oauth2: {client_id: a, client_secret: b, token_url: t, tls_config: {min_version: TLS9}}}',
  'oauth2 and basic_auth': `{${OAUTH2}, basic_auth: {username: u}}`,
  'oauth2 and authorization': `{${OAUTH2}, authorization: {credentials: c}}`,
  'oauth2 and bearer_token': `{${OAUTH2}, bearer_token: c}`,
  'oauth2 and bearer_token_file': `{${OAUTH2}, bearer_token_file: c}`,
  'bearer_token twice': '{bearer_token: a, bearer_token_file: b}',
  'oauth2 incomplete and basic_auth':
    '{oauth2: {client_id: a, client_secret: b, client_secret_file: f}, basic_auth: {username: u}}',
  'authorization basic before oauth2': '{oauth2: {client_secret: b}, authorization: {type: basic}}',
  'follow_redirects false': '{follow_redirects: false}',
  'unknown tls field': '{tls_config: {foo: 1}}',
}

/** amtool's verdict: undefined when accepted, else its message (the unmarshal error's last line, unnumbered). */
async function amtool(file: string): Promise<string | undefined> {
  try {
    await run(AMTOOL, ['check-config', file])
    return undefined
  } catch (err) {
    const out = String((err as { stdout?: unknown }).stdout ?? '')
    const failed = /FAILED: ([^]*?)\n\n/.exec(out)?.[1] ?? out
    return (failed.split('\n').at(-1) ?? '').replace(/^\s*line \d+: /, '')
  }
}

describe('http_config validation agrees with amtool check-config, message for message', () => {
  it.each(Object.entries(corpus))('%s', async (name, httpConfig) => {
    const text = withHttpConfig(httpConfig)
    const file = join(dir, `${name.replace(/\W+/g, '-')}.yml`)
    await writeFile(file, text)
    const theirs = await amtool(file)
    let ours: string | undefined
    try {
      parseConfig(text)
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err
      // Ours names where, after the original's words.
      ours = err.message.replace(/ at [^ ]+ \(line \d+\)$/, '')
    }
    expect({ name, verdict: ours }).toEqual({ name, verdict: theirs })
  })
})

/** What a request looked like on the wire, with the ports of this run taken out. */
interface WireRequest {
  method: string
  url: string
  authorization: string | undefined
  proxyAuthorization: string | undefined
  referer: string | undefined
  contentType: string | undefined
  hasBody: boolean
  form: string | undefined
}

/**
 * One loopback peer playing every part: the receivers (two behind redirects, one that redirects with
 * follow_redirects off), the proxy (absolute-form requests) and the oauth2 token endpoint.
 */
async function startPeer(): Promise<{ port: number; seen: WireRequest[]; server: Server }> {
  const seen: WireRequest[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => (body += c))
    req.on('end', () => {
      const url = req.url ?? ''
      const local = String(port)
      const clean = (s: string | undefined): string | undefined => s?.replaceAll(local, 'PORT')
      seen.push({
        method: req.method ?? '',
        url: clean(url) ?? '',
        authorization: req.headers.authorization,
        proxyAuthorization: req.headers['proxy-authorization'],
        referer: clean(req.headers.referer),
        contentType: req.headers['content-type'],
        hasBody: body !== '',
        // Form fields sorted: Go encodes them by name, we in the order the grant lists them.
        form: url === '/token' ? [...new URLSearchParams(body)].sort().join('&') : undefined,
      })
      if (url === '/token')
        res
          .writeHead(200, { 'Content-Type': 'application/json' })
          .end('{"access_token":"tok","token_type":"Bearer","expires_in":3600}')
      else if (url.startsWith('/r303')) res.writeHead(303, { Location: '/moved-303' }).end()
      else if (url.startsWith('/r307')) res.writeHead(307, { Location: '/moved-307' }).end()
      else if (url.startsWith('/nofollow')) res.writeHead(302, { Location: '/never' }).end()
      else res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return { port, seen, server }
}

function wireConfig(port: number): string {
  const peer = `127.0.0.1:${port}`
  return `route:
  receiver: r
  group_wait: 1s
  group_interval: 1h
  repeat_interval: 1h
receivers:
  - name: r
    webhook_configs:
      - url: http://${peer}/r303?a=1
      - url: http://u:pw@${peer}/r307
        http_config: {bearer_token: ignored-for-url-credentials}
      - url: http://${peer}/nofollow
        http_config: {follow_redirects: false, basic_auth: {username: b, password: c}}
      - url: http://hook.invalid:9/proxied?x=1
        http_config: {proxy_url: 'http://pu:pp@${peer}'}
      - url: http://${peer}/oauth
        http_config:
          oauth2: {client_id: id, client_secret: s, token_url: 'http://${peer}/token', scopes: [a, b], endpoint_params: {aud: x}}
`
}

describe('webhook http_config on the wire: ours vs Alertmanager 0.25', () => {
  let real: Managed | undefined
  let ours: Awaited<ReturnType<typeof startAlertmanager>> | undefined
  const peers: Server[] = []

  afterAll(async () => {
    await ours?.close()
    await real?.stop()
    for (const p of peers) p.close()
  })

  it('sends the same requests through the proxy, along redirects and with the oauth2 token', async () => {
    const theirPeer = await startPeer()
    const ourPeer = await startPeer()
    peers.push(theirPeer.server, ourPeer.server)
    await writeFile(join(dir, 'real.yml'), wireConfig(theirPeer.port))
    await writeFile(join(dir, 'ours.yml'), wireConfig(ourPeer.port))
    const started = await startRealAlertmanager(join(dir, 'real.yml'), join(dir, 'real-data'))
    real = started.process
    ours = await startAlertmanager({ configFile: join(dir, 'ours.yml'), listenAddress: '127.0.0.1:0' })
    const alerts = JSON.stringify([{ labels: { alertname: 'HttpConfig' } }])
    for (const url of [started.url, ours.url]) {
      const res = await fetch(`${url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: alerts,
      })
      expect(res.status).toBe(200)
    }
    // 303 and 307 hops (2 + 2), the unfollowed 302 (1), the proxied POST (1), the token and its use (2).
    const deadline = Date.now() + 10_000
    while ((theirPeer.seen.length < 8 || ourPeer.seen.length < 8) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100))
    await new Promise((r) => setTimeout(r, 500))
    const sorted = (seen: WireRequest[]): WireRequest[] =>
      [...seen].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
    expect(theirPeer.seen).toHaveLength(8)
    expect(sorted(ourPeer.seen)).toEqual(sorted(theirPeer.seen))
  })
})
