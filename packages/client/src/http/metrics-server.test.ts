import { request } from 'node:http'
import type { IncomingHttpHeaders } from 'node:http'
import { gunzipSync } from 'node:zlib'
import { decodeProtobuf } from '@watchfire/model'
import { afterEach, describe, expect, it } from 'vitest'
import { Counter } from '../counter.js'
import { Histogram } from '../histogram.js'
import { Registry } from '../registry.js'
import type { RegistryContentType } from '../registry.js'
import { startHttpServer } from './metrics-server.js'
import type { MetricsServer } from './metrics-server.js'

interface RawResponse {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
}

// node:http rather than fetch: fetch would decompress gzip and hide what went over the wire.
function get(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      )
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

const PROTOBUF_ACCEPT =
  'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3'

describe('startHttpServer', () => {
  let server: MetricsServer | undefined
  let registry: Registry<RegistryContentType>

  async function start(): Promise<number> {
    registry = new Registry()
    const requests = new Counter({
      name: 'app_requests_total',
      help: 'Requests.',
      labelNames: ['code'],
      registers: [registry],
    })
    requests.inc({ code: '200' }, 3)
    const latency = new Histogram({
      name: 'app_latency_seconds',
      help: 'Latency.',
      buckets: [0.1, 1],
      nativeHistogram: {},
      registers: [registry],
    })
    latency.observe(0.05)
    latency.observe(0.5)
    server = await startHttpServer(0, { host: '127.0.0.1', registry })
    return server.port
  }

  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  it.each([
    ['no Accept header', undefined, 'text/plain; version=0.0.4', 'app_requests_total{code="200"} 3'],
    ['text/plain', 'text/plain', 'text/plain; version=0.0.4', 'app_requests_total{code="200"} 3'],
    [
      'OpenMetrics',
      'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5',
      'application/openmetrics-text; version=1.0.0',
      '# EOF',
    ],
  ])('serves %s', async (_name, accept, contentType, expected) => {
    const port = await start()
    const response = await get(port, '/metrics', accept === undefined ? {} : { accept })
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toContain(contentType)
    expect(response.headers['content-length']).toBe(String(response.body.byteLength))
    expect(response.body.toString()).toContain(expected)
  })

  it('serves protobuf when asked for it', async () => {
    const port = await start()
    const response = await get(port, '/metrics', { accept: PROTOBUF_ACCEPT })
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toContain('application/vnd.google.protobuf')
    expect(response.headers['content-type']).toContain('encoding=delimited')
    const families = decodeProtobuf(response.body)
    const requests = families.find((f) => f.name === 'app_requests_total')
    expect(requests?.metrics[0]).toMatchObject({ labels: { code: '200' }, value: 3 })
    const latency = families.find((f) => f.name === 'app_latency_seconds')?.metrics[0]?.histogram
    expect(latency?.count).toBe(2)
    expect(latency?.buckets.map((b) => b.cumulativeCount)).toEqual([1, 2, 2])
    // Only protobuf carries native buckets.
    expect(latency?.native?.count).toBe(2)
  })

  it.each([
    ['text', undefined],
    ['protobuf', PROTOBUF_ACCEPT],
  ])('gzips %s when the scraper accepts it', async (_name, accept) => {
    const port = await start()
    const plain = await get(port, '/metrics', accept === undefined ? {} : { accept })
    const zipped = await get(port, '/metrics', {
      'accept-encoding': 'gzip',
      ...(accept === undefined ? {} : { accept }),
    })
    expect(zipped.headers['content-encoding']).toBe('gzip')
    expect(zipped.headers['content-type']).toBe(plain.headers['content-type'])
    expect(zipped.headers.vary).toContain('Accept-Encoding')
    const unzipped = gunzipSync(zipped.body)
    expect(unzipped.equals(plain.body)).toBe(true)
    if (accept !== undefined)
      expect(decodeProtobuf(unzipped).map((f) => f.name)).toContain('app_requests_total')
  })

  it('answers HEAD with the headers only', async () => {
    const port = await start()
    const full = await get(port, '/metrics')
    const head = await get(port, '/metrics', {}, 'HEAD')
    expect(head.status).toBe(200)
    expect(head.body.byteLength).toBe(0)
    expect(head.headers['content-length']).toBe(String(full.body.byteLength))
  })

  it.each([
    ['POST /metrics', 405, 'POST', '/metrics'],
    ['GET /other', 404, 'GET', '/other'],
    ['GET /metrics with a query', 200, 'GET', '/metrics?name[]=up'],
  ])('answers %s with %d', async (_name, status, method, path) => {
    const port = await start()
    expect((await get(port, path, {}, method)).status).toBe(status)
  })

  it('answers 500 when a collector throws, and keeps serving', async () => {
    const port = await start()
    let broken = true
    registry.registerCollector({
      collect: () => {
        if (broken) throw new Error('sensor unplugged')
        return []
      },
    })
    const failed = await get(port, '/metrics')
    expect(failed.status).toBe(500)
    expect(failed.headers['content-type']).toContain('text/plain')
    expect(failed.body.toString()).toContain('sensor unplugged')
    broken = false
    expect((await get(port, '/metrics')).status).toBe(200)
  })

  it('serves another path and stops listening on close', async () => {
    registry = new Registry()
    server = await startHttpServer(0, { host: '127.0.0.1', registry, path: '/prometheus' })
    const { port } = server
    expect((await get(port, '/prometheus')).status).toBe(200)
    expect((await get(port, '/metrics')).status).toBe(404)
    await server.close()
    server = undefined
    await expect(get(port, '/prometheus')).rejects.toThrow()
  })

  it('rejects when the port is taken', async () => {
    const port = await start()
    await expect(startHttpServer(port, { host: '127.0.0.1', registry })).rejects.toThrow(/EADDRINUSE/)
  })
})
