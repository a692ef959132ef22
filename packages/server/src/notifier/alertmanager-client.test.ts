import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HttpClientConfig } from '../config/config-types.js'
import { AlertmanagerSendError, httpPostAlerts } from './alertmanager-client.js'
import { amConfig } from './am-config.test-fixtures.js'

interface Received {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
}

describe('httpPostAlerts', () => {
  let server: Server
  let base: string
  const received: Received[] = []

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        received.push({
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
        })
        if (req.url?.startsWith('/slow')) return // never answers
        const status = Number(/status=(\d+)/.exec(req.url ?? '')?.[1] ?? 200)
        res.writeHead(status)
        res.end('{}')
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  const client = (over: Partial<HttpClientConfig>): HttpClientConfig => ({
    ...amConfig().httpClient,
    ...over,
  })
  const post = (path: string, httpClient: HttpClientConfig, timeoutMs = 2_000): Promise<void> =>
    httpPostAlerts(`${base}${path}`, '[{"labels":{"alertname":"x"}}]', {
      httpClient,
      timeoutMs,
      signal: new AbortController().signal,
    })

  it.each<[string, Partial<HttpClientConfig>, string | undefined]>([
    ['no credentials', {}, undefined],
    [
      'basic_auth',
      { basicAuth: { username: 'am', password: 'secret', passwordFile: '' } },
      `Basic ${Buffer.from('am:secret').toString('base64')}`,
    ],
    [
      'authorization',
      { authorization: { type: 'Bearer', credentials: 'tok', credentialsFile: '' } },
      'Bearer tok',
    ],
    ['bearer_token', { bearerToken: 'old' }, 'Bearer old'],
  ])('POSTs JSON with %s', async (_, over, authorization) => {
    received.length = 0
    await post('/api/v2/alerts', client(over))
    expect(received).toHaveLength(1)
    const [r] = received
    expect(r?.method).toBe('POST')
    expect(r?.url).toBe('/api/v2/alerts')
    expect(r?.body).toBe('[{"labels":{"alertname":"x"}}]')
    expect(r?.headers['content-type']).toBe('application/json')
    expect(r?.headers['user-agent']).toMatch(/^Prometheus\//)
    expect(r?.headers.authorization).toBe(authorization)
  })

  it('gets an oauth2 token once and sends it with every post', async () => {
    let tokenRequests = 0
    const tokens = createServer((req, res) => {
      tokenRequests++
      req.resume()
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end('{"access_token":"am-token","token_type":"Bearer","expires_in":3600}')
    })
    await new Promise<void>((resolve) => tokens.listen(0, '127.0.0.1', resolve))
    const tokenUrl = `http://127.0.0.1:${(tokens.address() as AddressInfo).port}/token`
    const settings = client({
      oauth2: {
        clientId: 'watchfire',
        clientSecret: 's3cret',
        clientSecretFile: '',
        scopes: [],
        tokenUrl,
        endpointParams: {},
        tlsConfig: amConfig().httpClient.tlsConfig,
        proxyUrl: '',
      },
    })
    try {
      received.length = 0
      await post('/api/v2/alerts', settings)
      await post('/api/v2/alerts', settings)
      expect(received.map((r) => r.headers.authorization)).toEqual(['Bearer am-token', 'Bearer am-token'])
      expect(tokenRequests).toBe(1)
    } finally {
      tokens.closeAllConnections()
      await new Promise((resolve) => tokens.close(resolve))
    }
  })

  it.each([
    [204, undefined],
    [400, 'bad response status 400 Bad Request'],
    [500, 'bad response status 500 Internal Server Error'],
  ])('answer %i → %s', async (status, error) => {
    const sent = post(`/api/v2/alerts?status=${status}`, client({}))
    if (error === undefined) await expect(sent).resolves.toBeUndefined()
    else await expect(sent).rejects.toThrow(new AlertmanagerSendError(error))
  })

  it('gives up after the timeout', async () => {
    await expect(post('/slow', client({}), 100)).rejects.toThrow('context deadline exceeded')
  })

  it('reports an unreachable Alertmanager and an unreadable credentials file as send errors', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    const signal = new AbortController().signal
    await expect(
      httpPostAlerts(`http://127.0.0.1:${port}/api/v2/alerts`, '[]', {
        httpClient: client({}),
        timeoutMs: 2_000,
        signal,
      }),
    ).rejects.toThrow(AlertmanagerSendError)
    await expect(
      post('/api/v2/alerts', client({ bearerTokenFile: '/nonexistent/watchfire-token' })),
    ).rejects.toThrow(AlertmanagerSendError)
  })
})
