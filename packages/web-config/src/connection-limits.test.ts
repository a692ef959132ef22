import { createServer, type Server } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { guardConnections, type ConnectionGuard, type ConnectionRejectReason } from './connection-limits.js'

let server: Server
let guard: ConnectionGuard
let rejected: ConnectionRejectReason[]
let release: () => void = () => {}
const sockets: Socket[] = []

afterEach(async () => {
  release()
  guard.stop()
  for (const s of sockets.splice(0)) s.destroy()
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

async function start(limits: Partial<Parameters<typeof guardConnections>[1]['limits']>): Promise<number> {
  rejected = []
  const hold = new Promise<void>((resolve) => (release = resolve))
  server = createServer((req, res) => {
    if (req.url === '/hold') void hold.then(() => res.end('late'))
    else res.end('ok')
  })
  guard = guardConnections(server, {
    limits: {
      maxConnections: 100,
      maxHeaderBytes: 16 << 10,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 60_000,
      ...limits,
    },
    reject: (reason) => rejected.push(reason),
    sweepIntervalMs: 20,
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

/** Opens a connection and sends `text`; resolves once connected. */
async function open(port: number, text: string): Promise<Socket> {
  const socket = connect(port, '127.0.0.1')
  sockets.push(socket)
  socket.on('error', () => {})
  await new Promise((resolve) => socket.once('connect', resolve))
  socket.write(text)
  return socket
}

function closed(socket: Socket): Promise<string> {
  let data = ''
  socket.on('data', (c: Buffer) => (data += c.toString()))
  return new Promise((resolve) => socket.once('close', () => resolve(data)))
}

const until = async (check: () => boolean): Promise<void> => {
  while (!check()) await new Promise((r) => setTimeout(r, 5))
}

describe('guardConnections', () => {
  it('closes a connection that trickles its request head past the headers timeout', async () => {
    const port = await start({ headersTimeoutMs: 100 })
    const slow = await open(port, 'GET / HTTP/1.1\r\nHost: x\r\n')
    await closed(slow)
    expect(rejected).toEqual(['header_timeout'])
  })

  it('when full, displaces the longest-waiting connection so a real request is served', async () => {
    const port = await start({ maxConnections: 3 })
    const slow: Socket[] = []
    for (let i = 0; i < 3; i++) slow.push(await open(port, 'GET / HTTP/1.1\r\nX-Slow: '))
    await until(() => guard.open === 3)
    const firstClosed = closed(slow[0] as Socket)
    const res = await fetch(`http://127.0.0.1:${port}/`)
    expect(await res.text()).toBe('ok')
    await firstClosed
    expect(rejected).toEqual(['max_connections'])
  })

  it('displaces a connection that never completed a request before an idle keep-alive one', async () => {
    const port = await start({ maxConnections: 2 })
    const keepAlive = await open(port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n')
    let answered = ''
    keepAlive.on('data', (c: Buffer) => (answered += c.toString()))
    await until(() => answered.includes('ok'))
    const slow = await open(port, 'GET / HTTP/1.1\r\nX-Slow: ')
    await until(() => guard.open === 2)
    const slowClosed = closed(slow)
    await open(port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n')
    await slowClosed
    expect(keepAlive.destroyed).toBe(false)
    expect(rejected).toEqual(['max_connections'])
  })

  it('refuses a new connection when every connection has a request in flight', async () => {
    const port = await start({ maxConnections: 2 })
    for (let i = 0; i < 2; i++) await open(port, 'GET /hold HTTP/1.1\r\nHost: x\r\n\r\n')
    await until(() => guard.open === 2)
    await new Promise((r) => setTimeout(r, 20))
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow()
    expect(rejected).toEqual(['max_connections'])
  })

  it.each([
    ['header_too_large', `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(4096)}\r\n\r\n`, 'HTTP/1.1 431 '],
    ['bad_request', 'NONSENSE\r\n\r\n', 'HTTP/1.1 400 '],
  ])('answers and counts %s', async (reason, request, status) => {
    const port = await start({ maxHeaderBytes: 1024 })
    const answer = await closed(await open(port, request))
    expect(answer.startsWith(status)).toBe(true)
    expect(rejected).toEqual([reason])
  })
})
