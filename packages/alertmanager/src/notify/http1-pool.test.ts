import { createServer as createNetServer, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { Deadline } from './deadline.js'
import { Http1Pool } from './http1-pool.js'
import {
  closeReceivers,
  listenOnLoopback,
  rawReceiver,
  receiver,
  stopReceiver,
} from './loopback-receivers.test-fixtures.js'

const pools: Http1Pool[] = []

afterEach(async () => {
  for (const p of pools.splice(0)) p.close()
  await closeReceivers()
})

function pool(port: number, options?: ConstructorParameters<typeof Http1Pool>[2]): Http1Pool {
  const p = new Http1Pool('127.0.0.1', port, options)
  pools.push(p)
  return p
}

function head(port: number, body: string, extra = ''): string {
  return `POST /hook?x=1 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n`
}

const deadline = (): Deadline => new Deadline()
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

describe('Http1Pool', () => {
  it('sends requests one after another over one connection, as written', async () => {
    const r = await receiver((_, res) => res.writeHead(202).end('thanks'))
    const p = pool(r.port)
    for (const body of ['{"n":1}', '{"n":"é"}']) {
      expect(
        await p.request(head(r.port, body, 'Content-Type: application/json\r\n'), body, deadline()),
      ).toEqual({
        status: 202,
        body: 'thanks',
      })
    }
    expect(
      r.received.map((q) => [q.method, q.url, q.headers.host, q.headers['content-type'], q.body]),
    ).toEqual([
      ['POST', '/hook?x=1', `127.0.0.1:${r.port}`, 'application/json', '{"n":1}'],
      ['POST', '/hook?x=1', `127.0.0.1:${r.port}`, 'application/json', '{"n":"é"}'],
    ])
    expect([r.connections(), p.opened, p.idleCount]).toEqual([1, 1, 1])
  })

  it('sends latin-1 header values as latin-1', async () => {
    const r = await receiver()
    const p = pool(r.port)
    await p.request(head(r.port, 'x', 'X-Name: Zoë\r\n'), 'x', deadline())
    expect(Buffer.from(r.received[0]?.headers['x-name'] as string, 'latin1').toString('latin1')).toBe('Zoë')
  })

  it('opens a connection per concurrent request and keeps them all for reuse', async () => {
    const r = await receiver((_, res) => setTimeout(() => res.end(), 20))
    const p = pool(r.port)
    await Promise.all([1, 2, 3].map(() => p.request(head(r.port, '{}'), '{}', deadline())))
    expect([p.opened, p.idleCount]).toEqual([3, 3])
    await Promise.all([1, 2].map(() => p.request(head(r.port, '{}'), '{}', deadline())))
    expect([p.opened, r.connections()]).toEqual([3, 3])
  })

  it('keeps no more idle connections than maxIdle', async () => {
    const r = await receiver((_, res) => setTimeout(() => res.end(), 20))
    const p = pool(r.port, { maxIdle: 1 })
    await Promise.all([1, 2, 3].map(() => p.request(head(r.port, '{}'), '{}', deadline())))
    expect(p.idleCount).toBe(1)
  })

  it('does not reuse a connection the receiver asked to close', async () => {
    const r = await receiver((_, res) => res.writeHead(200, { Connection: 'close' }).end())
    const p = pool(r.port)
    await p.request(head(r.port, '{}'), '{}', deadline())
    await p.request(head(r.port, '{}'), '{}', deadline())
    expect([p.opened, r.connections(), p.idleCount]).toEqual([2, 2, 0])
  })

  it('forgets an idle connection the receiver closed, and opens a new one', async () => {
    const { port, connections } = await rawReceiver((s) => {
      s.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n')
      setTimeout(() => s.end(), 20)
    })
    const p = pool(port)
    await p.request(head(port, '{}'), '{}', deadline())
    await sleep(100)
    expect(p.idleCount).toBe(0)
    expect((await p.request(head(port, '{}'), '{}', deadline())).status).toBe(200)
    expect([p.opened, connections()]).toEqual([2, 2])
  })

  it('closes connections idle for longer than idleTimeoutMs', async () => {
    const r = await receiver()
    const p = pool(r.port, { idleTimeoutMs: 30 })
    await p.request(head(r.port, '{}'), '{}', deadline())
    expect(p.idleCount).toBe(1)
    await sleep(200)
    expect(p.idleCount).toBe(0)
  })

  it('does not reuse a connection whose request was answered before it was all sent', async () => {
    const sockets: Socket[] = []
    const server = createNetServer((socket) => {
      sockets.push(socket)
      socket.once('data', () => {
        socket.pause()
        socket.write('HTTP/1.1 413 Payload Too Large\r\nContent-Length: 0\r\n\r\n')
      })
    })
    const port = await listenOnLoopback(server)
    const p = pool(port)
    const body = 'x'.repeat(32 * 1024 * 1024)
    expect((await p.request(head(port, body), body, deadline())).status).toBe(413)
    expect(p.idleCount).toBe(0)
    for (const socket of sockets) socket.destroy()
  })

  it('reads a body that ends with the connection, then does not reuse it', async () => {
    const { port } = await rawReceiver((s) => s.end('HTTP/1.1 500 Broken\r\n\r\npartial failure'))
    const p = pool(port)
    expect(await p.request(head(port, '{}'), '{}', deadline())).toEqual({
      status: 500,
      body: 'partial failure',
    })
    expect(p.idleCount).toBe(0)
  })

  it('fails when the connection drops before the response is complete', async () => {
    const { port } = await rawReceiver((s) => s.end('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort'))
    const p = pool(port)
    await expect(p.request(head(port, '{}'), '{}', deadline())).rejects.toThrow('socket hang up')
  })

  it('fails on a malformed response and drops the connection', async () => {
    const { port } = await rawReceiver((s) => s.write('garbage\r\n\r\n'))
    const p = pool(port)
    await expect(p.request(head(port, '{}'), '{}', deadline())).rejects.toThrow(/malformed status line/)
    expect(p.idleCount).toBe(0)
  })

  it('fails with the connect error when nothing listens', async () => {
    const r = await receiver()
    const port = r.port
    await stopReceiver(r.server)
    await expect(pool(port).request(head(port, '{}'), '{}', deadline())).rejects.toThrow(/ECONNREFUSED/)
  })

  it('gives up on a request when its deadline passes, closing its connection', async () => {
    let closed = false
    const { port } = await rawReceiver((s) => s.on('close', () => (closed = true)))
    const p = pool(port)
    const deadline = new Deadline()
    const pending = p.request(head(port, '{}'), '{}', deadline)
    await sleep(30)
    deadline.expire()
    await expect(pending).rejects.toThrow('The operation was aborted')
    await sleep(30)
    expect([closed, p.idleCount]).toEqual([true, 0])
    await expect(p.request(head(port, '{}'), '{}', deadline)).rejects.toThrow('The operation was aborted')
  })
})
