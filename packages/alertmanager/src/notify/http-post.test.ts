import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { defaultHttpConfig } from '../config/http-config.js'
import { httpPost, postTarget } from './http-post.js'
import { NotifyError } from './integration.js'

const tls = defaultHttpConfig().tls
let server: Server | undefined

/** A loopback receiver answering `status`, counting TCP connections and remembering bodies. */
async function receiver(
  status: number,
): Promise<{ url: string; connections: () => number; bodies: string[] }> {
  let connections = 0
  const bodies: string[] = []
  server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => (body += c))
    req.on('end', () => {
      bodies.push(`${req.method ?? ''} ${req.url ?? ''} ${body}`)
      res.writeHead(status).end('answer')
    })
  })
  server.on('connection', () => connections++)
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}/hook?x=1`, connections: () => connections, bodies }
}

afterEach(async () => {
  const s = server
  server = undefined
  if (s === undefined) return
  s.closeAllConnections()
  await new Promise((resolve) => s.close(resolve))
})

describe('httpPost', () => {
  it('sends one notification after another over one kept-alive connection', async () => {
    const r = await receiver(200)
    const target = postTarget(r.url)
    const signal = new AbortController().signal
    for (const body of ['{"n":1}', '{"n":2}', '{"n":3}']) {
      expect(await httpPost(target, body, {}, tls, signal)).toEqual({ status: 200, body: 'answer' })
    }
    expect(r.bodies).toEqual(['POST /hook?x=1 {"n":1}', 'POST /hook?x=1 {"n":2}', 'POST /hook?x=1 {"n":3}'])
    expect(r.connections()).toBe(1)
    target.agent.destroy()
  })

  it('returns error statuses with their body for the caller to judge', async () => {
    const r = await receiver(503)
    const target = postTarget(r.url)
    expect(await httpPost(target, '{}', {}, tls, new AbortController().signal)).toEqual({
      status: 503,
      body: 'answer',
    })
    target.agent.destroy()
  })

  it('turns a refused connection into a retryable NotifyError', async () => {
    const r = await receiver(200)
    await new Promise((resolve) => server?.close(resolve))
    server = undefined
    const target = postTarget(r.url)
    const err: unknown = await httpPost(target, '{}', {}, tls, new AbortController().signal).catch(
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(NotifyError)
    expect((err as NotifyError).retry).toBe(true)
    expect((err as NotifyError).message).toMatch(/^cannot POST to http:\/\/127\.0\.0\.1:\d+\/hook \(/)
    target.agent.destroy()
  })
})
