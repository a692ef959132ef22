import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createGzip, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HttpClientConfig } from '../config/config-types.js'
import { BodySizeLimitError, httpScrapeFetcher } from './scrape-http.js'

const CLIENT: HttpClientConfig = {
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
}

// 256 MiB of zeros compress to about 250 KiB: a decompression bomb (built a MiB at a time).
let BOMB = Buffer.alloc(0)
const SMALL = gzipSync(Buffer.from('# TYPE a gauge\na 1\n'))

let server: Server
let base = ''

beforeAll(async () => {
  const gzip = createGzip({ level: 9 })
  const out: Buffer[] = []
  gzip.on('data', (c: Buffer) => out.push(c))
  const zeros = Buffer.alloc(1 << 20)
  for (let i = 0; i < 256; i++) if (!gzip.write(zeros)) await new Promise((r) => gzip.once('drain', r))
  await new Promise((r) => {
    gzip.once('end', r)
    gzip.end()
  })
  BOMB = Buffer.concat(out)
  server = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4', 'Content-Encoding': 'gzip' })
    res.end(req.url === '/bomb' ? BOMB : SMALL)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(() => {
  server.closeAllConnections()
  server.close()
})

describe('httpScrapeFetcher body_size_limit', () => {
  const fetcher = httpScrapeFetcher(CLIENT)
  const options = (limit: number) => ({
    timeoutMs: 10_000,
    bodySizeLimitBytes: limit,
    signal: new AbortController().signal,
  })

  it('applies the limit to the decompressed body and stops inflating a bomb early', async () => {
    const before = process.memoryUsage().rss
    await expect(fetcher(`${base}/bomb`, {}, options(1 << 20))).rejects.toBeInstanceOf(BodySizeLimitError)
    expect(BOMB.length).toBeLessThan(1 << 20)
    // Inflating the whole bomb would take 256 MiB.
    expect(process.memoryUsage().rss - before).toBeLessThan(64 << 20)
  })

  it('returns a small gzipped body decompressed', async () => {
    const res = await fetcher(`${base}/small`, {}, options(1 << 20))
    expect(res.body.toString()).toBe('# TYPE a gauge\na 1\n')
  })
})
