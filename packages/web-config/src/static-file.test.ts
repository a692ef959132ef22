import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendStaticFile } from './static-file.js'

/** The part of a ServerResponse that sendStaticFile uses, recording what was sent. */
class FakeResponse extends Writable {
  status = 0
  headers: OutgoingHttpHeaders = {}
  body = ''

  writeHead(status: number, headers: OutgoingHttpHeaders): this {
    this.status = status
    this.headers = headers
    return this
  }

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.body += chunk.toString()
    done()
  }
}

async function send(method: string, name: string): Promise<{ sent: boolean; res: FakeResponse }> {
  const res = new FakeResponse()
  const req = { method } as IncomingMessage
  const sent = await sendStaticFile(req, res as unknown as ServerResponse, join(dir, name), 'no-cache')
  return { sent, res }
}

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'watchfire-static-'))
  await mkdir(join(dir, 'sub.js'))
  await writeFile(join(dir, 'a.js'), 'console.log(1)')
  await writeFile(join(dir, 'a.css'), 'body{}')
  await writeFile(join(dir, 'a.woff2'), 'w2')
  await writeFile(join(dir, 'a.bin'), 'bytes')
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('sendStaticFile', () => {
  it.each([
    ['a.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
    ['a.css', 'text/css; charset=utf-8', 'body{}'],
    ['a.woff2', 'font/woff2', 'w2'],
    ['a.bin', 'application/octet-stream', 'bytes'],
  ])('sends %s as %s', async (name, type, body) => {
    const { sent, res } = await send('GET', name)
    expect(sent).toBe(true)
    expect(res.status).toBe(200)
    expect(res.headers).toEqual({
      'Content-Type': type,
      'Content-Length': body.length,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    })
    expect(res.body).toBe(body)
  })

  it('answers HEAD with the headers alone', async () => {
    const { sent, res } = await send('HEAD', 'a.css')
    expect(sent).toBe(true)
    expect(res.headers['Content-Length']).toBe(6)
    expect(res.writableEnded).toBe(true)
    expect(res.body).toBe('')
  })

  it.each(['missing.js', 'sub.js'])('leaves %s (no regular file) to the caller', async (name) => {
    const { sent, res } = await send('GET', name)
    expect(sent).toBe(false)
    expect(res.status).toBe(0)
  })
})
