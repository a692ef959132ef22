import { getEventListeners } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HttpDiscovery } from './http-discovery.js'

describe('HttpDiscovery', () => {
  let server: Server
  let url: string
  let reply: { status: number; type: string; body: string }
  let authorization: string | undefined

  beforeEach(async () => {
    reply = { status: 200, type: 'application/json', body: '[]' }
    server = createServer((req, res) => {
      authorization = req.headers.authorization
      res.writeHead(reply.status, { 'Content-Type': reply.type })
      res.end(reply.body)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sd`
  })
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve))
  })

  const client = {
    bearerToken: '',
    bearerTokenFile: '',
    tlsConfig: {
      caFile: '',
      certFile: '',
      keyFile: '',
      serverName: '',
      insecureSkipVerify: false,
      minVersion: '',
    },
    proxyUrl: '',
    followRedirects: true,
    enableHttp2: true,
    authorization: { type: 'Bearer', credentials: 'secret', credentialsFile: '' },
  }

  it('leaves no abort listener behind from one refresh to the next', async () => {
    const sd = new HttpDiscovery({ url, refreshIntervalMs: 1, httpClient: client })
    const controller = new AbortController()
    let refreshes = 0
    const running = sd.run(controller.signal, () => refreshes++)
    while (refreshes < 20) await new Promise((resolve) => setTimeout(resolve, 5))
    expect(getEventListeners(controller.signal, 'abort').length).toBeLessThanOrEqual(2)
    controller.abort()
    await running
  })

  it('turns the JSON list into groups labelled __meta_url and withdraws vanished ones', async () => {
    const sd = new HttpDiscovery({ url, refreshIntervalMs: 60_000, httpClient: client })
    reply.body = JSON.stringify([{ targets: ['a:1'], labels: { env: 'x' } }, { targets: ['b:1'] }])
    const signal = new AbortController().signal
    expect(await sd.refresh(signal)).toEqual([
      { source: `${url}:0`, targets: [{ __address__: 'a:1' }], labels: { env: 'x', __meta_url: url } },
      { source: `${url}:1`, targets: [{ __address__: 'b:1' }], labels: { __meta_url: url } },
    ])
    expect(authorization).toBe('Bearer secret')
    reply.body = JSON.stringify([{ targets: ['a:1'] }])
    expect((await sd.refresh(signal)).map((g) => [g.source, g.targets.length])).toEqual([
      [`${url}:0`, 1],
      [`${url}:1`, 0],
    ])
  })

  it.each([
    [{ status: 500, type: 'application/json', body: '[]' }, 'HTTP status 500'],
    [{ status: 200, type: 'text/plain', body: '[]' }, 'unsupported content type'],
    [{ status: 200, type: 'application/json', body: '{"targets": []}' }, 'must be a list'],
    [{ status: 200, type: 'application/json', body: '[{"targets": ["a/b"]}]' }, 'is not a valid hostname'],
    [
      { status: 200, type: 'application/json', body: '[{"targets": ["a:1"], "labels": {"a-b": "x"}}]' },
      'not a valid label name',
    ],
  ])('rejects %j', async (r, message) => {
    reply = r
    const sd = new HttpDiscovery({ url, refreshIntervalMs: 60_000, httpClient: client })
    await expect(sd.refresh(new AbortController().signal)).rejects.toThrow(message)
  })
})
