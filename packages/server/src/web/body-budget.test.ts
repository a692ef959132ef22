import { createServer, type Server } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { compress } from 'snappyjs'
import { Registry } from '@watchfire/client'
import { MemoryStorage } from '@watchfire/storage'
import { afterEach, describe, expect, it } from 'vitest'
import { createHardening, type Hardening } from '../server-hardening.js'
import { BodyBudget } from './body-budget.js'
import { remoteWriteHandler } from './remote-write-handler.js'

describe('BodyBudget', () => {
  it.each<[number, number[], boolean[]]>([
    [100, [60, 40, 1], [true, true, false]],
    [100, [101], [false]],
    [0, [1 << 30, 1 << 30], [true, true]],
  ])('with a bound of %i takes %j as %j', (limit, takes, want) => {
    const budget = new BodyBudget(limit)
    expect(takes.map((n) => budget.take(n))).toEqual(want)
  })

  it('counts each refusal and lets given-back bytes be taken again', () => {
    let refused = 0
    const budget = new BodyBudget(10, () => refused++)
    expect(budget.take(10)).toBe(true)
    expect(budget.refuse().status).toBe(503)
    budget.give(10)
    expect([budget.take(10), budget.inFlightBytes, refused]).toEqual([true, 10, 1])
  })
})

describe('the server-wide request body bound', () => {
  let server: Server
  let hardening: Hardening
  let registry: Registry
  const sockets: Socket[] = []

  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy()
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  async function start(maxRequestBodyBytesInFlight: number): Promise<number> {
    registry = new Registry()
    hardening = createHardening({
      registry,
      // The admin API stays off: its TSDB is never called.
      tsdb: {
        dir: '',
        deleteSeries: () => Promise.resolve(),
        cleanTombstones: () => Promise.resolve(),
        snapshot: () => Promise.resolve(),
      },
      enableAdminApi: false,
      limits: { maxRequestBodyBytesInFlight },
      queryTimeoutMs: 1000,
    })
    server = createServer(remoteWriteHandler(new MemoryStorage(), { reject: hardening.reject }))
    hardening.guard(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return (server.address() as AddressInfo).port
  }

  /** Starts a chunked POST (no Content-Length) and sends `bytes` of its body, leaving it open. */
  async function openChunked(
    port: number,
    bytes: number,
  ): Promise<{ socket: Socket; reply: Promise<string> }> {
    const socket = connect(port, '127.0.0.1')
    sockets.push(socket)
    socket.on('error', () => {})
    await new Promise((resolve) => socket.once('connect', resolve))
    let data = ''
    socket.on('data', (c: Buffer) => (data += c.toString()))
    const reply = new Promise<string>((resolve) => {
      socket.on('data', () => {
        if (data.includes('\r\n\r\n')) resolve(data)
      })
      socket.once('close', () => resolve(data))
    })
    socket.write(
      'POST /api/v1/write HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Encoding: snappy\r\n\r\n',
    )
    socket.write(`${bytes.toString(16)}\r\n${'x'.repeat(bytes)}\r\n`)
    return { socket, reply }
  }

  async function rejected(reason: string): Promise<number> {
    const line = (await registry.metrics())
      .split('\n')
      .find((l) => l.startsWith(`watchfire_http_requests_rejected_total{reason="${reason}"}`))
    return Number(line?.split(' ').at(-1))
  }

  it('answers 503 to a body that would pass the bound, counts it, and frees the bytes when bodies end', async () => {
    const port = await start(64 << 10)
    const first = await openChunked(port, 40 << 10)
    await until(() => hardening.bodyBudget.inFlightBytes === 40 << 10)
    const second = await openChunked(port, 40 << 10)
    expect(await second.reply).toMatch(/^HTTP\/1\.1 503 /)
    expect(await rejected('body_bytes_in_flight')).toBe(1)
    // The first body ends: a garbage write request (400), and its bytes are given back.
    first.socket.write('0\r\n\r\n')
    expect(await first.reply).toMatch(/^HTTP\/1\.1 400 /)
    expect(hardening.bodyBudget.inFlightBytes).toBe(0)
    const body = Buffer.from(compress(new Uint8Array(0)))
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/write`, {
      method: 'POST',
      headers: { 'Content-Encoding': 'snappy', 'Content-Type': 'application/x-protobuf' },
      body,
    })
    expect(res.status).toBe(204)
  })

  it('lets as many bodies through as fit with the bound off', async () => {
    const port = await start(0)
    const open = await Promise.all([0, 1, 2].map(() => openChunked(port, 40 << 10)))
    await until(() => hardening.bodyBudget.inFlightBytes === 3 * (40 << 10))
    for (const o of open) o.socket.write('0\r\n\r\n')
    expect((await Promise.all(open.map((o) => o.reply))).map((r) => r.slice(0, 12))).toEqual([
      'HTTP/1.1 400',
      'HTTP/1.1 400',
      'HTTP/1.1 400',
    ])
    expect(await rejected('body_bytes_in_flight')).toBe(0)
  })
})

async function until(check: () => boolean): Promise<void> {
  const end = Date.now() + 5000
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 5))
  }
}
