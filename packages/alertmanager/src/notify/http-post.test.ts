import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer as createHttpsServer } from 'node:https'
import type { Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createTestCa, type TestCa } from '../../../../test/support/test-certificates.js'
import { defaultHttpConfig, type TlsConfig } from '../config/http-config.js'
import { closeTarget, httpPost, postTarget, type PostTarget } from './http-post.js'
import { Deadline } from './deadline.js'
import { NotifyError } from './integration.js'
import {
  closeReceivers,
  rawReceiver,
  receiver,
  stopReceiver,
  type Receiver,
} from './loopback-receivers.test-fixtures.js'

const targets: PostTarget[] = []

afterEach(async () => {
  for (const t of targets.splice(0)) closeTarget(t)
  await closeReceivers()
})

/** A prepared target whose requests use the given TLS settings. */
function target(url: string, tls: TlsConfig = defaultHttpConfig().tls): PostTarget {
  const t = postTarget(url, { ...defaultHttpConfig(), tls })
  targets.push(t)
  return t
}

const post = (
  t: PostTarget,
  body = '{}',
  headers: Record<string, string> = {},
  deadline = new Deadline(),
): ReturnType<typeof httpPost> => httpPost(t, body, headers, deadline)
const failure = (p: Promise<unknown>): Promise<NotifyError> =>
  p.then(
    () => {
      throw new Error('expected the POST to fail')
    },
    (e: unknown) => {
      expect(e).toBeInstanceOf(NotifyError)
      return e as NotifyError
    },
  )
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

describe('httpPost', () => {
  it('sends one notification after another over one kept-alive connection, with the given headers', async () => {
    const r = await receiver((_, res) => res.writeHead(202).end('thanks'))
    const t = target(r.url)
    for (const body of ['{"n":1}', '{"n":"é"}']) {
      expect(
        await post(t, body, { 'Content-Type': 'application/json', 'User-Agent': 'Alertmanager/0.25.0' }),
      ).toEqual({ status: 202, body: 'thanks' })
    }
    expect(
      r.received.map((q) => [
        q.method,
        q.url,
        q.headers.host,
        q.headers['content-type'],
        q.headers['user-agent'],
        q.headers['content-length'],
        q.body,
      ]),
    ).toEqual([
      ['POST', '/hook?x=1', `127.0.0.1:${r.port}`, 'application/json', 'Alertmanager/0.25.0', '7', '{"n":1}'],
      [
        'POST',
        '/hook?x=1',
        `127.0.0.1:${r.port}`,
        'application/json',
        'Alertmanager/0.25.0',
        '10',
        '{"n":"é"}',
      ],
    ])
    expect(r.connections()).toBe(1)
  })

  it('opens a connection per concurrent request, then reuses them', async () => {
    const r = await receiver((_, res) => setTimeout(() => res.end(), 20))
    const t = target(r.url)
    await Promise.all([1, 2, 3].map(() => post(t)))
    expect(r.connections()).toBe(3)
    await Promise.all([1, 2].map(() => post(t)))
    await post(t)
    expect(r.connections()).toBe(3)
  })

  it('returns error statuses with their body for the caller to judge', async () => {
    const r = await receiver((_, res) => res.writeHead(503).end('answer'))
    expect(await post(target(r.url))).toEqual({ status: 503, body: 'answer' })
  })

  it('keeps only the first 64 KiB of a long body, and still reuses the connection', async () => {
    const r = await receiver((_, res) => res.end('x'.repeat(200_000)))
    const t = target(r.url)
    expect((await post(t)).body.length).toBe(65_536)
    await post(t)
    expect(r.connections()).toBe(1)
  })

  it('does not reuse a connection the receiver asked to close', async () => {
    const r = await receiver((_, res) => res.writeHead(200, { Connection: 'close' }).end())
    const t = target(r.url)
    await post(t)
    await post(t)
    expect(r.connections()).toBe(2)
  })

  it('opens a new connection when the receiver closed an idle one', async () => {
    const r = await rawReceiver((s) => {
      s.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n')
      setTimeout(() => s.end(), 20)
    })
    const t = target(r.url)
    await post(t)
    await sleep(100)
    expect((await post(t)).status).toBe(200)
    expect(r.connections()).toBe(2)
  })

  it('reads a body that ends with the connection', async () => {
    const r = await rawReceiver((s) => s.end('HTTP/1.1 500 Broken\r\n\r\npartial failure'))
    expect(await post(target(r.url))).toEqual({ status: 500, body: 'partial failure' })
  })

  it.each([
    [
      'the connection drops before the response is complete',
      'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort',
    ],
    ['the response is malformed', 'garbage\r\n\r\n'],
  ])('fails with a retryable NotifyError when %s', async (_, answer) => {
    const r = await rawReceiver((s) => s.end(answer))
    const err = await failure(post(target(r.url)))
    expect(err.retry).toBe(true)
    expect(err.message).toMatch(/^cannot POST to http:\/\/127\.0\.0\.1:\d+\/hook \(.+\)$/)
  })

  it('turns a refused connection into a retryable NotifyError', async () => {
    const r = await receiver()
    await stopReceiver(r.server)
    const err = await failure(post(target(r.url)))
    expect(err.retry).toBe(true)
    expect(err.message).toMatch(/^cannot POST to http:\/\/127\.0\.0\.1:\d+\/hook \(.*ECONNREFUSED/)
  })

  it('gives up on a request when its deadline passes, closing its connection', async () => {
    let closed = false
    let requests = 0
    const r = await rawReceiver((s) => {
      requests++
      s.on('close', () => (closed = true))
    })
    const t = target(r.url)
    const deadline = new Deadline()
    const pending = failure(post(t, '{}', {}, deadline))
    await sleep(30)
    deadline.expire()
    expect((await pending).message).toMatch(/\(The operation was aborted\)$/)
    await sleep(30)
    expect(closed).toBe(true)
    expect((await failure(post(t, '{}', {}, deadline))).message).toMatch(/\(The operation was aborted\)$/)
    await sleep(30)
    expect(requests).toBe(1)
  })

  it('gives up on a request whose deadline passes before it is connected', async () => {
    const r = await receiver()
    const t = target(r.url)
    const deadline = new Deadline()
    const pending = failure(post(t, '{}', {}, deadline))
    deadline.expire()
    expect((await pending).message).toMatch(/\(The operation was aborted\)$/)
    await sleep(30)
    expect(r.received).toEqual([])
  })

  it.each([
    ['credentials in the URL', 'http://user:p%40ss@', {}, 'Basic dXNlcjpwQHNz'],
    ['its own Authorization over the URL', 'http://user:pass@', { Authorization: 'Bearer t' }, 'Bearer t'],
    ['nothing without either', 'http://', {}, undefined],
  ])('sends %s', async (_, prefix, headers: Record<string, string>, want) => {
    const r = await receiver()
    await post(target(r.url.replace('http://', prefix)), '{}', headers)
    expect(r.received.map((q) => q.headers.authorization)).toEqual([want])
  })

  it('sends latin-1 header values as latin-1', async () => {
    const r = await receiver()
    await post(target(r.url), 'x', { 'X-Name': 'Zoë' })
    expect(Buffer.from(r.received[0]?.headers['x-name'] as string, 'latin1').toString('latin1')).toBe('Zoë')
  })

  it('refuses a header value that would split the request, without retrying', async () => {
    const r = await receiver()
    const err = await failure(post(target(r.url), '{}', { Authorization: 'Bearer x\r\nX-Evil: 1' }))
    expect(err.retry).toBe(false)
    expect(err.message).toMatch(/invalid character in header Authorization/)
    expect(r.received).toEqual([])
  })

  it('closes its connections on closeTarget', async () => {
    let closed = 0
    const r = await receiver()
    r.server.on('connection', (s: Socket) => s.on('close', () => closed++))
    const t = target(r.url)
    await post(t)
    closeTarget(t)
    await sleep(30)
    expect(closed).toBe(1)
  })
})

describe('httpPost over HTTPS', () => {
  let dir: string
  let ca: TestCa
  let otherCa: TestCa

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'watchfire-http-post-'))
    ca = createTestCa(dir, 'ca')
    otherCa = createTestCa(dir, 'other')
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const tls = (over: Partial<TlsConfig>): TlsConfig => ({ ...defaultHttpConfig().tls, ...over })

  /**
   * An HTTPS receiver with a certificate for `receiver.test` and 127.0.0.1; optionally requiring a client
   * certificate, or speaking no TLS above 1.2.
   */
  function httpsReceiver(
    requestCert = false,
    maxVersion: 'TLSv1.2' | 'TLSv1.3' = 'TLSv1.3',
  ): Promise<Receiver> {
    const server = ca.issue('server', ['DNS:receiver.test', 'IP:127.0.0.1'], 'serverAuth')
    return receiver(undefined, (handler) =>
      createHttpsServer(
        {
          cert: readFileSync(server.certFile),
          key: readFileSync(server.keyFile),
          ca: readFileSync(ca.certFile),
          requestCert,
          rejectUnauthorized: requestCert,
          maxVersion,
        },
        handler,
      ),
    )
  }

  it('verifies the receiver against ca_file and reuses the connection', async () => {
    const r = await httpsReceiver()
    const t = target(r.url, tls({ caFile: ca.certFile }))
    expect(await post(t)).toEqual({ status: 200, body: 'answer' })
    expect(await post(t)).toEqual({ status: 200, body: 'answer' })
    expect(r.connections()).toBe(1)
  })

  it.each([
    ['an unknown CA', (): Partial<TlsConfig> => ({ caFile: otherCa.certFile }), /certificate/],
    [
      'a server_name the certificate does not name',
      (): Partial<TlsConfig> => ({ caFile: ca.certFile, serverName: 'other.test' }),
      /other\.test/,
    ],
    [
      'a ca_file that cannot be read',
      (): Partial<TlsConfig> => ({ caFile: join(dir, 'missing.crt') }),
      /ENOENT/,
    ],
  ])('refuses %s with a retryable error', async (_, over, message) => {
    const r = await httpsReceiver()
    const err = await failure(post(target(r.url, tls(over()))))
    expect(err.retry).toBe(true)
    expect(err.message).toMatch(message)
    expect(r.received).toEqual([])
  })

  it('accepts a server_name the certificate names', async () => {
    const r = await httpsReceiver()
    const t = target(r.url, tls({ caFile: ca.certFile, serverName: 'receiver.test' }))
    expect((await post(t)).status).toBe(200)
  })

  it('accepts any certificate with insecure_skip_verify', async () => {
    const r = await httpsReceiver()
    expect((await post(target(r.url, tls({ insecureSkipVerify: true })))).status).toBe(200)
  })

  it('presents cert_file and key_file to a receiver that asks for a client certificate', async () => {
    const r = await httpsReceiver(true)
    const client = ca.issue('client', ['DNS:client.test'], 'clientAuth')
    await failure(post(target(r.url, tls({ caFile: ca.certFile }))))
    const t = target(r.url, tls({ caFile: ca.certFile, certFile: client.certFile, keyFile: client.keyFile }))
    expect((await post(t)).status).toBe(200)
  })

  it('honours min_version: TLS 1.2 reaches a TLS 1.2 receiver, TLS 1.3 does not', async () => {
    const r = await httpsReceiver(false, 'TLSv1.2')
    const t12 = target(r.url, tls({ caFile: ca.certFile, minVersion: 'TLSv1.2' }))
    expect((await post(t12)).status).toBe(200)
    const t13 = target(r.url, tls({ caFile: ca.certFile, minVersion: 'TLSv1.3' }))
    expect((await failure(post(t13))).message).toMatch(/version/i)
  })
})
