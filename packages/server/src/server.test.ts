import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Gauge, Registry, metricsHandler } from '@watchfire/client'
import { ProtoWriter, WireType } from '@watchfire/model'
import { compress } from 'snappyjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from './server.js'

function writeRequest(name: string, samples: [number, number][]): Uint8Array {
  const w = new ProtoWriter()
  w.tag(1, WireType.lengthDelimited)
  const ts = w.fork()
  for (const [k, v] of [
    ['__name__', name],
    ['job', 'rw'],
  ] as const) {
    w.tag(1, WireType.lengthDelimited)
    const l = w.fork()
    w.stringField(0x0a, k)
    w.stringField(0x12, v)
    w.join(l)
  }
  for (const [t, v] of samples) {
    w.tag(2, WireType.lengthDelimited)
    const s = w.fork()
    w.doubleField(0x09, v)
    w.tag(2, WireType.varint)
    w.int64(t)
    w.join(s)
  }
  w.join(ts)
  return compress(w.finish())
}

async function api(
  url: string,
  init?: RequestInit,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, init)
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

async function until<T>(fn: () => Promise<T | undefined>, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = await fn()
    if (v !== undefined) return v
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe('startServer', () => {
  let dir: string
  let app: Server
  let target: string
  let server: RunningServer
  const configFile = (): string => join(dir, 'prometheus.yml')
  const config = (job: string): string => `
global: { scrape_interval: 200ms, scrape_timeout: 100ms }
scrape_configs:
  - job_name: ${job}
    static_configs: [{ targets: ['${target}'] }]
`

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'watchfire-server-'))
    const registry = new Registry()
    new Gauge({ name: 'fixture_value', help: 'A value.', registers: [registry] }).set(42)
    app = createServer(metricsHandler(registry))
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r))
    target = `127.0.0.1:${(app.address() as AddressInfo).port}`
    await writeFile(configFile(), config('app'))
    server = await startServer({
      config: { file: configFile() },
      storagePath: join(dir, 'data'),
      listenAddress: '127.0.0.1:0',
      enableLifecycle: true,
      enableRemoteWriteReceiver: true,
      log: () => {},
    })
  })
  afterAll(async () => {
    await server?.close()
    await new Promise((r) => app?.close(r))
    await rm(dir, { recursive: true, force: true })
  })

  it.each(['/-/healthy', '/-/ready'])('answers %s', async (path) => {
    expect((await fetch(server.url + path)).status).toBe(200)
  })

  it('scrapes its targets and answers PromQL over them', async () => {
    const result = await until(async () => {
      const { body } = await api(`${server.url}/api/v1/query?query=fixture_value`)
      const data = body.data as { result: unknown[] }
      return data.result.length > 0 ? data : undefined
    })
    expect(result).toMatchObject({
      resultType: 'vector',
      result: [
        {
          metric: { __name__: 'fixture_value', instance: target, job: 'app' },
          value: [expect.any(Number), '42'],
        },
      ],
    })
    const { body } = await api(`${server.url}/api/v1/targets`)
    expect(body).toMatchObject({
      status: 'success',
      data: { activeTargets: [{ scrapePool: 'app', health: 'up' }] },
    })
    const meta = await api(`${server.url}/api/v1/metadata?metric=fixture_value`)
    expect(meta.body.data).toEqual({ fixture_value: [{ type: 'gauge', help: 'A value.', unit: '' }] })
  })

  it('keeps the running configuration when a reload fails, and adopts a good one', async () => {
    await writeFile(configFile(), 'scrape_configs: [{ job_name: x, scrape_interval: 5x }]\n')
    const bad = await fetch(`${server.url}/-/reload`, { method: 'POST' })
    expect(bad.status).toBe(500)
    expect(await bad.text()).toContain('not a valid duration')
    const yaml = (await api(`${server.url}/api/v1/status/config`)).body.data as { yaml: string }
    expect(yaml.yaml).toContain('job_name: app')
    await writeFile(configFile(), config('renamed'))
    expect((await fetch(`${server.url}/-/reload`, { method: 'POST' })).status).toBe(200)
    await until(async () => {
      const { body } = await api(`${server.url}/api/v1/targets`)
      const active = (body.data as { activeTargets: { scrapePool: string }[] }).activeTargets
      return active.some((t) => t.scrapePool === 'renamed') ? true : undefined
    })
  })

  it('accepts remote write, refuses out-of-order samples with 400 and counts them', async () => {
    const now = Date.now()
    const post = (body: Uint8Array): Promise<Response> =>
      fetch(`${server.url}/api/v1/write`, {
        method: 'POST',
        body,
        headers: { 'Content-Encoding': 'snappy', 'Content-Type': 'application/x-protobuf' },
      })
    expect(
      (
        await post(
          writeRequest('rw_metric', [
            [now - 1000, 1],
            [now, 2],
          ]),
        )
      ).status,
    ).toBe(204)
    const { body } = await api(`${server.url}/api/v1/query?query=rw_metric&time=${now / 1000}`)
    expect((body.data as { result: { value: unknown }[] }).result[0]?.value).toEqual([now / 1000, '2'])
    const old = await post(writeRequest('rw_metric', [[now - 5000, 3]]))
    expect(old.status).toBe(400)
    expect(await old.text()).toContain('out of order')
    const garbage = await post(new Uint8Array([0xff, 0xff, 0xff]))
    expect(garbage.status).toBe(400)
    const metrics = await (await fetch(`${server.url}/metrics`)).text()
    expect(metrics).toMatch(/^prometheus_tsdb_out_of_order_samples_total\{type="float"\} [1-9]/m)
  })
})
