import http from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { PushgatewayError, PushgatewayStatusError, PushgatewayTimeoutError } from './errors.js'
import { register } from '../global-registry.js'
import { Pushgateway } from './pushgateway.js'
import type { PushRegistry } from './pushgateway.js'

interface Recorded {
  method: string
  path: string
  headers: http.IncomingHttpHeaders
  body: Buffer
}

// A fake Pushgateway: records every request and answers as the current test tells it to.
const requests: Recorded[] = []
let answer: { status: number; body: string; delayMs: number }
let server: http.Server
let base: string

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      })
      const { status, body, delayMs } = answer
      const timer = setTimeout(
        () => res.writeHead(status, { 'Content-Type': 'text/plain' }).end(body),
        delayMs,
      )
      res.on('close', () => clearTimeout(timer))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

beforeEach(() => {
  requests.length = 0
  answer = { status: 200, body: '', delayMs: 0 }
})

const TEXT = '# HELP jobs_total Jobs.\n# TYPE jobs_total counter\njobs_total{kind="ü"} 3\n'
const registry: PushRegistry = {
  contentType: 'text/plain; version=0.0.4; charset=utf-8',
  metrics: () => Promise.resolve(TEXT),
}

function only(): Recorded {
  expect(requests).toHaveLength(1)
  return requests[0] as Recorded
}

describe('Pushgateway methods', () => {
  it.each([
    ['push', 'PUT'],
    ['pushAdd', 'POST'],
  ] as const)('%s sends the registry text with %s to the grouping key', async (method, httpMethod) => {
    answer = { status: 200, body: 'stored', delayMs: 0 }
    const gateway = new Pushgateway(base, {}, registry)
    const { resp, body } = await gateway[method]({
      jobName: 'batch',
      groupings: { instance: 'a/b', zone: 'eu' },
    })
    expect(resp.statusCode).toBe(200)
    expect(body).toBe('stored')
    const request = only()
    expect(request.method).toBe(httpMethod)
    expect(request.path).toBe('/metrics/job/batch/instance@base64/YS9i/zone/eu')
    expect(request.headers['content-type']).toBe(registry.contentType)
    expect(request.headers['content-length']).toBe(String(Buffer.byteLength(TEXT)))
    expect(request.body.toString('utf8')).toBe(TEXT)
  })

  it('delete sends DELETE without a body', async () => {
    answer = { status: 202, body: '', delayMs: 0 }
    const gateway = new Pushgateway(base, { headers: { 'Content-Encoding': 'gzip' } }, registry)
    const { resp } = await gateway.delete({ jobName: 'batch' })
    expect(resp.statusCode).toBe(202)
    const request = only()
    expect(request.method).toBe('DELETE')
    expect(request.path).toBe('/metrics/job/batch')
    expect(request.body.length).toBe(0)
    expect(request.headers['content-encoding']).toBeUndefined()
  })

  it('keeps a path prefix of the gateway URL', async () => {
    await new Pushgateway(`${base}/prefix/pgw/`, {}, registry).push({ jobName: 'j' })
    expect(only().path).toBe('/prefix/pgw/metrics/job/j')
  })

  it('sends custom headers and lets them override the content type', async () => {
    const headers = { 'X-Tenant': 'blue', 'content-type': 'text/plain' }
    await new Pushgateway(base, { headers }, registry).push({ jobName: 'j' })
    expect(only().headers['x-tenant']).toBe('blue')
    expect(only().headers['content-type']).toBe('text/plain')
  })

  it('gzips the body when asked to with Content-Encoding', async () => {
    await new Pushgateway(base, { headers: { 'Content-Encoding': 'gzip' } }, registry).pushAdd({
      jobName: 'j',
    })
    expect(only().headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(only().body).toString('utf8')).toBe(TEXT)
  })

  it('requires a job name unless told otherwise', async () => {
    const gateway = new Pushgateway(base, {}, registry)
    await expect(gateway.push({ jobName: '' })).rejects.toMatchObject({ code: 'ERR_PUSHGATEWAY_ARGUMENT' })
    await expect(gateway.push(undefined as unknown as { jobName: string })).rejects.toBeInstanceOf(
      PushgatewayError,
    )
    expect(requests).toHaveLength(0)
    await new Pushgateway(base, { requireJobName: false }, registry).push({ jobName: '' })
    expect(only().path).toBe('/metrics')
  })

  it('pushes the global registry by default', async () => {
    await new Pushgateway(base).push({ jobName: 'j' })
    expect(only().headers['content-type']).toBe(register.contentType)
    expect(only().body.toString('utf8')).toBe(await register.metrics())
  })

  it('passes a registry failure through without sending anything', async () => {
    const failing: PushRegistry = {
      contentType: 'text/plain',
      metrics: () => Promise.reject(new Error('collect broke')),
    }
    await expect(new Pushgateway(base, {}, failing).push({ jobName: 'j' })).rejects.toThrow('collect broke')
    expect(requests).toHaveLength(0)
  })
})

describe('Pushgateway authentication', () => {
  it.each([
    // [url userinfo, auth option, expected Authorization header (base64 computed independently)]
    ['', undefined, undefined],
    ['alice:s3cret@', undefined, 'Basic YWxpY2U6czNjcmV0'],
    ['user:p%40ss%20w%C3%B6rd@', undefined, 'Basic dXNlcjpwQHNzIHfDtnJk'],
    ['', 'alice:s3cret', 'Basic YWxpY2U6czNjcmV0'],
    ['', { username: 'alice', password: 's3cret' }, 'Basic YWxpY2U6czNjcmV0'],
    ['mallory:x@', { username: 'alice', password: 's3cret' }, 'Basic YWxpY2U6czNjcmV0'],
  ])('userinfo %j with auth %j sends %s', async (userinfo, auth, header) => {
    const url = base.replace('http://', `http://${userinfo}`)
    await new Pushgateway(url, { auth }, registry).push({ jobName: 'j' })
    expect(only().headers.authorization).toBe(header)
  })
})

describe('Pushgateway failures', () => {
  it.each([
    [400, 'pushed metrics are invalid or inconsistent with existing metrics'],
    [404, ''],
    [500, 'boom'],
    [503, 'unavailable'],
  ])('rejects a %i answer with a PushgatewayStatusError carrying status and body', async (status, text) => {
    answer = { status, body: text, delayMs: 0 }
    const error = await new Pushgateway(base.replace('http://', 'http://alice:s3cret@'), {}, registry)
      .push({ jobName: 'j' })
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    expect(error).toBeInstanceOf(PushgatewayStatusError)
    const statusError = error as PushgatewayStatusError
    expect(statusError.code).toBe('ERR_PUSHGATEWAY_STATUS')
    expect(statusError.status).toBe(status)
    expect(statusError.body).toBe(text)
    expect(statusError.message).toContain(`PUT ${base}/metrics/job/j answered ${status}`)
    expect(statusError.message).not.toContain('s3cret')
  })

  it('rejects with a PushgatewayTimeoutError when the gateway is too slow', async () => {
    answer = { status: 200, body: '', delayMs: 5_000 }
    const started = Date.now()
    const promise = new Pushgateway(base, { timeout: 100 }, registry).push({ jobName: 'j' })
    await expect(promise).rejects.toBeInstanceOf(PushgatewayTimeoutError)
    await expect(promise).rejects.toMatchObject({ code: 'ERR_PUSHGATEWAY_TIMEOUT', timeoutMs: 100 })
    expect(Date.now() - started).toBeLessThan(2_000)
  })

  it('rejects with ERR_PUSHGATEWAY_REQUEST when nothing listens', async () => {
    const closed = http.createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    const promise = new Pushgateway(`http://127.0.0.1:${port}`, {}, registry).delete({ jobName: 'j' })
    await expect(promise).rejects.toMatchObject({ code: 'ERR_PUSHGATEWAY_REQUEST' })
    await expect(promise).rejects.toHaveProperty('cause.code', 'ECONNREFUSED')
  })

  it('rejects options http.request refuses, such as an https agent for an http URL', async () => {
    const gateway = new Pushgateway(base, { agent: new https.Agent() }, registry)
    await expect(gateway.push({ jobName: 'j' })).rejects.toMatchObject({ code: 'ERR_PUSHGATEWAY_REQUEST' })
  })

  it.each([['not a url'], ['ftp://example.com'], ['localhost:9091']])('rejects the gateway URL %j', (url) => {
    expect(() => new Pushgateway(url, {}, registry)).toThrow(PushgatewayError)
  })

  it('rejects a non-positive timeout', () => {
    expect(() => new Pushgateway(base, { timeout: 0 }, registry)).toThrow(
      expect.objectContaining({ code: 'ERR_PUSHGATEWAY_ARGUMENT' }),
    )
  })
})
