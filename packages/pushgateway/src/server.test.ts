import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { decodeProtobuf, parseOpenMetrics, parseText } from '@watchfire/model'
import { startPushgateway, type PushgatewayOptions, type RunningPushgateway } from './server.js'

const running: RunningPushgateway[] = []
async function start(options: PushgatewayOptions = {}): Promise<RunningPushgateway> {
  const gw = await startPushgateway({ listenAddress: '127.0.0.1:0', ...options })
  running.push(gw)
  return gw
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((gw) => gw.close()))
})

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pg-server-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const pushedPart = (text: string): string =>
  text
    .split('\n')
    .filter((l) => !/^(# (HELP|TYPE) )?(pushgateway_|process_|nodejs_)/.test(l))
    .join('\n')

describe('startPushgateway over HTTP', () => {
  it('accepts pushes and exposes them with content negotiation', async () => {
    const gw = await start()
    const put = await fetch(`${gw.url}/metrics/job/j/instance/i`, {
      method: 'PUT',
      body: '# TYPE x_total counter\nx_total 3\n',
    })
    expect(put.status).toBe(200)
    const text = await fetch(`${gw.url}/metrics`)
    expect(text.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
    expect(await text.text()).toContain('x_total{instance="i",job="j"} 3')
    const om = await fetch(`${gw.url}/metrics`, {
      headers: { Accept: 'application/openmetrics-text; version=1.0.0' },
    })
    expect(om.headers.get('content-type')).toContain('application/openmetrics-text')
    expect(parseOpenMetrics(await om.text()).some((f) => f.name === 'x_total')).toBe(true)
    const pb = await fetch(`${gw.url}/metrics`, {
      headers: {
        Accept: 'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited',
      },
    })
    const families = decodeProtobuf(new Uint8Array(await pb.arrayBuffer()))
    expect(families.find((f) => f.name === 'x_total')?.metrics[0]?.labels).toEqual({
      instance: 'i',
      job: 'j',
    })
  })

  it('serves /metrics gzip-compressed when asked', async () => {
    const gw = await start()
    await fetch(`${gw.url}/metrics/job/j`, { method: 'PUT', body: 'x 1\n' })
    const { request } = await import('node:http')
    const body = await new Promise<Buffer>((resolve, reject) => {
      request(`${gw.url}/metrics`, { headers: { 'Accept-Encoding': 'gzip' } }, (res) => {
        expect(res.headers['content-encoding']).toBe('gzip')
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve(Buffer.concat(chunks)))
      })
        .on('error', reject)
        .end()
    })
    expect(gunzipSync(body).toString()).toContain('x{instance="",job="j"} 1')
  })

  it('accepts gzip-compressed pushes and instruments pushes with the original metric names', async () => {
    const gw = await start()
    const res = await fetch(`${gw.url}/metrics/job/j`, {
      method: 'POST',
      body: gzipSync('x 1\n'),
      headers: { 'Content-Encoding': 'gzip' },
    })
    expect(res.status).toBe(200)
    const families = parseText(await (await fetch(`${gw.url}/metrics`)).text())
    const names = families.map((f) => f.name)
    expect(names).toEqual(
      expect.arrayContaining([
        'pushgateway_http_push_duration_seconds',
        'pushgateway_http_push_size_bytes',
        'pushgateway_http_requests_total',
        'pushgateway_build_info',
      ]),
    )
    const requests = families.find((f) => f.name === 'pushgateway_http_requests_total')
    expect(requests?.metrics.find((m) => m.labels.handler === 'push')?.labels).toEqual({
      handler: 'push',
      code: '200',
      method: 'post',
    })
  })

  it.each([
    ['an odd grouping key', '/metrics/job/j/lonely', 'x 1\n', 400, 'odd number of components'],
    ['a bad body', '/metrics/job/j', 'x{ 1\n', 400, 'cannot parse pushed metrics'],
    ['malformed percent-encoding', '/metrics/job/%zz', 'x 1\n', 400, 'Bad Request'],
    ['an inconsistent push', '/metrics/job/j', 'x 1 1234\n', 400, 'must not have timestamps'],
  ])('answers %s with a clear %s', async (_what, path, body, status, message) => {
    const gw = await start()
    const res = await fetch(gw.url + path, { method: 'PUT', body })
    expect(res.status).toBe(status)
    expect(await res.text()).toContain(message)
  })

  it('refuses a body over the limit with 413', async () => {
    const gw = await start({ maxBodyBytes: 100 })
    const res = await fetch(`${gw.url}/metrics/job/j`, { method: 'PUT', body: 'x 1\n'.repeat(100) })
    expect(res.status).toBe(413)
    expect(await res.text()).toContain('exceeds 100 bytes')
    const zipped = await fetch(`${gw.url}/metrics/job/j`, {
      method: 'PUT',
      body: gzipSync('x 1\n'.repeat(100)),
      headers: { 'Content-Encoding': 'gzip' },
    })
    expect(zipped.status).toBe(413)
  })

  it('redirects unclean paths, 404s unknown ones and 405s wrong methods', async () => {
    const gw = await start()
    const redirect = await fetch(`${gw.url}/metrics//job/a`, {
      method: 'PUT',
      redirect: 'manual',
      body: 'x 1\n',
    })
    expect(redirect.status).toBe(301)
    expect(redirect.headers.get('location')).toBe('/metrics/job/a')
    expect((await fetch(`${gw.url}/nothing`)).status).toBe(404)
    expect((await fetch(`${gw.url}/metrics/job/a`)).status).toBe(405)
    expect((await fetch(`${gw.url}/-/quit`)).status).toBe(405)
  })

  it('reports an address in use as a WatchfireError naming it', async () => {
    const gw = await start()
    const address = `127.0.0.1:${gw.port}`
    await expect(startPushgateway({ listenAddress: address })).rejects.toMatchObject({
      code: 'ERR_PUSHGATEWAY_LISTEN',
      message: expect.stringContaining(`cannot listen on ${address}`),
    })
  })

  it('serves health, readiness, the UI and the status API', async () => {
    const gw = await start({ flags: { 'web.listen-address': 'x' } })
    expect(await (await fetch(`${gw.url}/-/healthy`)).text()).toBe('OK')
    expect(await (await fetch(`${gw.url}/-/ready`)).text()).toBe('OK')
    const ui = await fetch(`${gw.url}/`)
    expect(ui.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await ui.text()).toContain('<h1>Pushgateway')
    const status = (await (await fetch(`${gw.url}/api/v1/status`)).json()) as {
      status: string
      data: { flags: unknown; start_time: string }
    }
    expect(status.status).toBe('success')
    expect(status.data.flags).toEqual({ 'web.listen-address': 'x' })
    const options = await fetch(`${gw.url}/api/v1/metrics`, { method: 'OPTIONS' })
    expect(options.headers.get('access-control-allow-origin')).toBe('*')
  })

  it('lists groups in /api/v1/metrics', async () => {
    const gw = await start()
    await fetch(`${gw.url}/metrics/job/j`, { method: 'PUT', body: 'x 2\n' })
    const body = (await (await fetch(`${gw.url}/api/v1/metrics`)).json()) as {
      data: Record<string, unknown>[]
    }
    expect(body.data[0]?.labels).toEqual({ job: 'j' })
    expect((body.data[0]?.x as { metrics: unknown[] }).metrics).toEqual([
      { labels: { instance: '', job: 'j' }, value: '2' },
    ])
  })

  it('wipes only with the admin API', async () => {
    const closed = await start()
    await fetch(`${closed.url}/metrics/job/j`, { method: 'PUT', body: 'x 1\n' })
    expect((await fetch(`${closed.url}/api/v1/admin/wipe`, { method: 'PUT' })).status).toBe(404)
    const open = await start({ enableAdminApi: true })
    await fetch(`${open.url}/metrics/job/j`, { method: 'PUT', body: 'x 1\n' })
    expect((await fetch(`${open.url}/api/v1/admin/wipe`, { method: 'PUT' })).status).toBe(202)
    expect(open.gateway.store.size).toBe(0)
    expect(closed.gateway.store.size).toBe(1)
  })

  it('quits only with the lifecycle API', async () => {
    const closed = await start()
    const refused = await fetch(`${closed.url}/-/quit`, { method: 'PUT' })
    expect(refused.status).toBe(403)
    expect(await refused.text()).toBe('Lifecycle API is not enabled.')
    let quit = false
    const open = await start({ enableLifecycle: true, onQuit: () => (quit = true) })
    expect((await fetch(`${open.url}/-/quit`, { method: 'POST' })).status).toBe(200)
    await new Promise((r) => setTimeout(r, 20))
    expect(quit).toBe(true)
  })

  it('honours the route prefix and the telemetry path', async () => {
    const gw = await start({ routePrefix: '/pg', telemetryPath: '/telemetry' })
    expect(gw.url).toMatch(/\/pg$/)
    expect((await fetch(`${gw.url}/metrics/job/j`, { method: 'PUT', body: 'x 1\n' })).status).toBe(200)
    expect(await (await fetch(`${gw.url}/telemetry`)).text()).toContain('x{instance="",job="j"} 1')
    expect(
      (await fetch(`${gw.url.replace(/\/pg$/, '')}/metrics/job/j`, { method: 'PUT', body: 'x 1\n' })).status,
    ).toBe(404)
  })
})

describe('persistence', () => {
  it('writes on close and restores every group byte for byte', async () => {
    const file = join(dir, 'restart.json')
    const first = await start({ persistenceFile: file })
    await fetch(`${first.url}/metrics/job/a/i@base64/=`, {
      method: 'PUT',
      body: '# HELP h H.\n# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2\nh_sum 0.3\nh_count 2\n',
    })
    await fetch(`${first.url}/metrics/job/b`, { method: 'PUT', body: 'x NaN\ny 0.1\n' })
    const before = pushedPart(await (await fetch(`${first.url}/metrics`)).text())
    await first.close()
    const second = await start({ persistenceFile: file })
    expect(pushedPart(await (await fetch(`${second.url}/metrics`)).text())).toBe(before)
    expect(before).toContain('h_bucket{i="",instance="",job="a",le="1"} 1')
  })

  it('writes within the persistence interval after a change', async () => {
    const file = join(dir, 'interval.json')
    const gw = await start({ persistenceFile: file, persistenceIntervalMs: 50 })
    await fetch(`${gw.url}/metrics/job/a`, { method: 'PUT', body: 'x 1\n' })
    await new Promise((r) => setTimeout(r, 300))
    expect(await readFile(file, 'utf8')).toContain('"job":"a"')
  })

  it('starts empty from a corrupt file, keeping it aside and logging why', async () => {
    const sub = await mkdtemp(join(dir, 'corrupt-'))
    const file = join(sub, 'metrics.json')
    await writeFile(file, '{"format":"watchfire-pushgateway/v1","groups":[{')
    const lines: string[] = []
    const gw = await start({
      persistenceFile: file,
      logger: { log: (level, msg) => lines.push(`${level} ${msg}`) },
    })
    expect(gw.gateway.store.size).toBe(0)
    expect(lines).toContain('error could not load persisted metrics, starting empty')
    expect((await readdir(sub)).some((name) => name.startsWith('metrics.json.corrupt-'))).toBe(true)
  })
})
