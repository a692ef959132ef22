import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gunzipSync, inflateSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { compressResponse, negotiateEncoding } from './compression.js'

describe('negotiateEncoding', () => {
  // Prometheus 2.42 answers exactly these, checked with curl against the real server.
  it.each([
    ['gzip', 'gzip'],
    ['deflate', 'deflate'],
    ['gzip, deflate', 'gzip'],
    ['deflate, gzip', 'deflate'],
    ['br, deflate', 'deflate'],
    [' gzip ', 'gzip'],
    ['br', undefined],
    ['gzip;q=1', undefined],
    ['GZIP', undefined],
    ['', undefined],
    [undefined, undefined],
    [['br', 'gzip'], 'gzip'],
  ])('%j picks %s', (header, expected) => {
    expect(negotiateEncoding(header)).toBe(expected)
  })
})

interface Raw {
  headers: IncomingMessage['headers']
  body: Buffer
}

let server: Server | undefined

afterEach(async () => {
  const running = server
  server = undefined
  if (running !== undefined) await new Promise((r) => running.close(r))
})

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  server = createServer((req, res) => {
    compressResponse(req, res)
    handler(req, res)
  })
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
}

function get(url: string, acceptEncoding?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const headers = acceptEncoding === undefined ? {} : { 'Accept-Encoding': acceptEncoding }
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }))
      res.on('error', reject)
    })
      .on('error', reject)
      .end()
  })
}

const JSON_BODY = '{"status":"success","data":[]}'

function jsonHandler(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(JSON_BODY) })
  res.end(JSON_BODY)
}

describe('compressResponse', () => {
  it.each([
    ['gzip', gunzipSync],
    ['deflate', inflateSync],
  ])('sends a %s body without the handler’s Content-Length', async (encoding, decode) => {
    const raw = await get(await serve(jsonHandler), encoding)
    expect(raw.headers['content-encoding']).toBe(encoding)
    expect(raw.headers['content-length']).toBeUndefined()
    expect(raw.headers['content-type']).toBe('application/json')
    expect(decode(raw.body).toString()).toBe(JSON_BODY)
  })

  it('leaves the answer alone when the client accepts no coding it knows', async () => {
    const raw = await get(await serve(jsonHandler), 'br')
    expect(raw.headers['content-encoding']).toBeUndefined()
    expect(raw.headers['content-length']).toBe(String(JSON_BODY.length))
    expect(raw.body.toString()).toBe(JSON_BODY)
  })

  it('compresses an empty body too, as Prometheus does', async () => {
    const url = await serve((_req, res) => {
      res.setHeader('Content-Length', 0)
      res.end()
    })
    const raw = await get(url, 'gzip')
    expect(raw.headers['content-encoding']).toBe('gzip')
    expect(raw.body.length).toBeGreaterThan(0)
    expect(gunzipSync(raw.body).length).toBe(0)
  })

  it('streams a large body written in chunks, honouring backpressure', async () => {
    const line = 'http_requests_total{code="200",handler="/api/v1/query"} 12345\n'
    const lines = 10_000
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' })
      let i = 0
      const pump = (): void => {
        while (i < lines) {
          i++
          if (!res.write(line)) {
            res.once('drain', pump)
            return
          }
        }
        res.end()
      }
      pump()
    })
    const raw = await get(url, 'gzip')
    expect(raw.headers['transfer-encoding']).toBe('chunked')
    const text = gunzipSync(raw.body).toString()
    expect(text.length).toBe(line.length * lines)
    expect(raw.body.length).toBeLessThan(text.length / 10)
  }, 20_000)

  it('passes string encodings and end callbacks through', async () => {
    let ended = false
    const url = await serve((_req, res) => {
      res.write(Buffer.from('é').toString('hex'), 'hex')
      res.end('!', 'utf8', () => {
        ended = true
      })
    })
    const raw = await get(url, 'deflate')
    expect(inflateSync(raw.body).toString()).toBe('é!')
    expect(ended).toBe(true)
  })
})
