import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { defaultTlsConfig } from '@watchfire/http-client'
import { afterEach, describe, expect, it } from 'vitest'
import { defaultHttpConfig, type HttpConfig } from '../config/http-config.js'
import { Deadline } from './deadline.js'
import { NotifyError, type NotifyContext } from './integration.js'
import { WebhookIntegration } from './webhook.js'

interface Seen {
  url: string
  headers: IncomingHttpHeaders
  body: string
}

const servers: Server[] = []

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections()
    await new Promise((resolve) => s.close(resolve))
  }
})

/** A loopback server answering with `answer`, recording each request. */
async function serve(
  answer: (req: Seen, res: ServerResponse) => void,
): Promise<{ origin: string; seen: Seen[] }> {
  const seen: Seen[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => (body += c))
    req.on('end', () => {
      const s = { url: req.url ?? '', headers: req.headers, body }
      seen.push(s)
      answer(s, res)
    })
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen }
}

/** A webhook integration as the configuration builds it. */
function webhook(url: string, http: Partial<HttpConfig>): WebhookIntegration {
  return new WebhookIntegration(
    0,
    { sendResolved: true, url, maxAlerts: 0, http: { ...defaultHttpConfig(), ...http } },
    'http://am.example',
  )
}

const context = (): NotifyContext => ({
  receiver: 'r',
  groupKey: '{}:{}',
  groupLabels: {},
  nowMs: 0,
  deadline: new Deadline(),
})

const notify = (url: string, http: Partial<HttpConfig>): Promise<void> =>
  webhook(url, http).notify([], context())

const failure = (p: Promise<unknown>): Promise<NotifyError> =>
  p.then(
    () => {
      throw new Error('expected the notification to fail')
    },
    (e: unknown) => {
      expect(e).toBeInstanceOf(NotifyError)
      return e as NotifyError
    },
  )

function oauth2(tokenUrl: string): HttpConfig['oauth2'] {
  return {
    clientId: 'id',
    clientSecret: 's3cret',
    clientSecretFile: '',
    scopes: ['a', 'b'],
    tokenUrl,
    endpointParams: { audience: 'am' },
    tlsConfig: defaultTlsConfig(),
    proxyUrl: '',
  }
}

describe('WebhookIntegration credentials', () => {
  it('sends an oauth2 client-credentials token, fetched once and cached until it expires', async () => {
    const tokens = await serve((_, res) =>
      res
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ access_token: 'tok-1', token_type: 'Bearer', expires_in: 3600 })),
    )
    const hook = await serve((_, res) => res.end())
    const w = webhook(`${hook.origin}/hook`, { oauth2: oauth2(`${tokens.origin}/token`) })
    await w.notify([], context())
    await w.notify([], context())
    expect(hook.seen.map((s) => s.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-1'])
    expect(tokens.seen).toHaveLength(1)
    expect(Object.fromEntries(new URLSearchParams(tokens.seen[0]?.body))).toEqual({
      grant_type: 'client_credentials',
      scope: 'a b',
      audience: 'am',
    })
    expect(tokens.seen[0]?.headers.authorization).toBe(`Basic ${Buffer.from('id:s3cret').toString('base64')}`)
  })

  it('fails retryably when the token endpoint fails, without calling the receiver', async () => {
    const tokens = await serve((_, res) => res.writeHead(500).end())
    const hook = await serve((_, res) => res.end())
    const err = await failure(notify(`${hook.origin}/hook`, { oauth2: oauth2(`${tokens.origin}/token`) }))
    expect(err.retry).toBe(true)
    expect(err.message).toMatch(
      /^cannot POST to http:\/\/127\.0\.0\.1:\d+\/hook \(oauth2: cannot fetch token \(token endpoint answered 500\)\)$/,
    )
    expect(hook.seen).toEqual([])
  })

  // Go's client sets the URL's credentials first; basic_auth and authorization only fill an empty header.
  it.each<[string, string, Partial<HttpConfig>, string]>([
    [
      'URL credentials over bearer_token',
      'u:pw@',
      { authorization: { type: 'Bearer', credentials: 'tok', credentialsFile: '' } },
      `Basic ${Buffer.from('u:pw').toString('base64')}`,
    ],
    [
      'authorization without URL credentials',
      '',
      { authorization: { type: 'Token', credentials: 't', credentialsFile: '' } },
      'Token t',
    ],
    [
      'basic_auth',
      '',
      { basicAuth: { username: 'a', password: 'b', passwordFile: '' } },
      `Basic ${Buffer.from('a:b').toString('base64')}`,
    ],
  ])('sends %s', async (_, userinfo, http, expected) => {
    const hook = await serve((_, res) => res.end())
    await notify(`${hook.origin.replace('//', `//${userinfo}`)}/hook`, http)
    expect(hook.seen[0]?.headers.authorization).toBe(expected)
  })
})

describe('WebhookIntegration redirects', () => {
  /** A receiver moved to /moved with a 307. */
  const moved = (): ReturnType<typeof serve> =>
    serve((s, res) => {
      if (s.url === '/hook') res.writeHead(307, { Location: '/moved' }).end('see /moved')
      else res.end()
    })

  it('delivers to where a redirect points', async () => {
    const hook = await moved()
    await notify(`${hook.origin}/hook`, {})
    expect(hook.seen.map((s) => s.url)).toEqual(['/hook', '/moved'])
  })

  it('fails on the redirect itself, without retrying, when follow_redirects is off', async () => {
    const hook = await moved()
    const err = await failure(notify(`${hook.origin}/hook`, { followRedirects: false }))
    expect([err.retry, err.message]).toEqual([
      false,
      `unexpected status code 307: ${hook.origin}/hook (see /moved)`,
    ])
    expect(hook.seen.map((s) => s.url)).toEqual(['/hook'])
  })
})
