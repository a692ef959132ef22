import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as real from '@prometheus-io/client'
import { afterEach, describe, expect, it } from 'vitest'
import * as client from './prometheus-io.js'
import { enableMultiprocess, DIRECTORY_ENV } from './multiprocess/writer.js'

const savedDirectory = process.env[DIRECTORY_ENV]
const dirs: string[] = []
afterEach(() => {
  client.register.clear()
  if (savedDirectory === undefined) delete process.env[DIRECTORY_ENV]
  else process.env[DIRECTORY_ENV] = savedDirectory
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

type Lib = Pick<typeof client, 'Counter' | 'Gauge' | 'Registry'>
const libs: Array<[string, Lib]> = [
  ['@prometheus-io/client', real as unknown as Lib],
  ['watchfire', client],
]

describe('README examples, import changed only', () => {
  it('collects default metrics into another registry, with the utilization metrics', async () => {
    const collectDefaultMetrics = client.collectDefaultMetrics
    const Registry = client.Registry
    const register = new Registry()
    const defaults = collectDefaultMetrics({ register, eventLoopUtilizationBuckets: [0.5, 1] })
    try {
      const text = await register.metrics()
      expect(text).toContain('# TYPE nodejs_eventloop_utilization_summary summary')
      expect(text).toContain('nodejs_eventloop_utilization_histogram_bucket{le="0.5"}')
      expect(text).toContain('process_cpu_user_seconds_total')
    } finally {
      defaults.stop()
    }
    expect(register.getSingleMetric('nodejs_eventloop_utilization_summary')).toBeUndefined()
  })

  it.each([
    ['prefix', { prefix: 'my_application_' }, 'my_application_nodejs_eventloop_utilization_summary'],
    ['gcDurationBuckets', { gcDurationBuckets: [0.1, 0.2, 0.3] }, 'nodejs_gc_duration_seconds'],
    [
      'labels',
      { labels: { NODE_APP_INSTANCE: 'a' } },
      'nodejs_eventloop_utilization_summary{NODE_APP_INSTANCE="a"',
    ],
  ])('collectDefaultMetrics({ %s })', async (_name, config, expected) => {
    const defaults = client.collectDefaultMetrics(config)
    try {
      await new Promise((resolve) => setTimeout(resolve, 150))
      expect(await client.register.metrics()).toContain(expected)
    } finally {
      defaults.stop()
    }
  })

  it('lists the default metric groups as the package does', () => {
    expect(client.collectDefaultMetrics.metricsList).toEqual(real.collectDefaultMetrics.metricsList)
  })

  it('refuses a non-positive utilization interval', () => {
    expect(() => client.collectDefaultMetrics({ eventLoopUtilizationTimeout: 0 })).toThrow(
      'eventLoopUtilizationTimeout 0 must be greater than zero',
    )
  })

  it('counts, merges registries and sets default labels and the content type', async () => {
    const registry = new client.Registry()
    const counter = new client.Counter({ name: 'metric_name', help: 'metric_help', registers: [registry] })
    const histogram = new client.Histogram({ name: 'metric_name2', help: 'metric_help', registers: [] })
    registry.registerMetric(histogram)
    counter.inc()
    counter.inc(10)
    const merged = client.Registry.merge([registry, client.register])
    expect(await merged.metrics()).toContain('metric_name 11')
    client.register.setDefaultLabels({ serviceName: 'api-v1' })
    new client.Gauge({ name: 'g', help: 'h' }).set(1)
    expect(await client.register.metrics()).toContain('g{serviceName="api-v1"} 1')
    client.register.setContentType(client.Registry.OPENMETRICS_CONTENT_TYPE)
    expect(client.contentType).toBe(client.openMetricsContentType)
    client.register.setContentType(client.Registry.PROMETHEUS_CONTENT_TYPE)
  })

  it('enforces label names declared `as const`', () => {
    const counter = new client.Counter({
      name: 'metric_name',
      help: 'metric_help',
      labelNames: ['method'] as const,
    })
    counter.inc({ method: 1 })
    // @ts-expect-error: 'methods' is not a declared label name
    expect(() => counter.inc({ methods: 1 })).toThrow()
  })

  it('writes exemplars in an OpenMetrics registry', async () => {
    const registry = new client.Registry(client.openMetricsContentType)
    const c = new client.Counter({
      name: 'ex_total',
      help: 'h',
      enableExemplars: true,
      registers: [registry],
    })
    c.inc({ value: 2, exemplarLabels: { traceId: 'abc' } })
    expect(await registry.metrics()).toMatch(/ex_total 2 # \{traceId="abc"\} 2/)
  })
})

describe('Registry differences', () => {
  // Not compared with the package: its filter relies on Node 22's iterator helpers.
  it('filters JSON and arrays by aggregator', async () => {
    const registry = new client.Registry()
    new client.Counter({ name: 'a_total', help: 'h', registers: [registry] }).inc()
    new client.Gauge({ name: 'b_max', help: 'h', aggregator: 'max', registers: [registry] }).set(3)
    const sums = (await registry.getMetricsAsJSON('sum')).map((m) => m.name)
    const maxes = registry.getMetricsAsArray('max').map((m) => m.name)
    expect([sums, maxes]).toEqual([['a_total'], ['b_max']])
    expect(await registry.getMetricsAsJSON()).toHaveLength(2)
  })

  it('renders one metric with getMetricsAsString like the package', async () => {
    const outputs = await Promise.all(
      libs.map(async ([, lib]) => {
        const registry = new lib.Registry()
        const gauge = new lib.Gauge({ name: 'one', help: 'h', labelNames: ['k'], registers: [registry] })
        gauge.set({ k: 'x' }, 4)
        return registry.getMetricsAsString(gauge)
      }),
    )
    expect(outputs[1]).toBe(outputs[0])
  })

  it('aggregates JSON views with the static Registry.aggregate, like the package', async () => {
    const outputs = await Promise.all(
      libs.map(async ([, lib]) => {
        const views = await Promise.all(
          [2, 5].map((v) => {
            const r = new lib.Registry()
            new lib.Counter({ name: 'c_total', help: 'h', registers: [r] }).inc(v)
            new lib.Gauge({ name: 'g', help: 'h', aggregator: 'max', registers: [r] }).set(v)
            return r.getMetricsAsJSON()
          }),
        )
        return (lib.Registry as typeof client.Registry).aggregate(views).metrics()
      }),
    )
    // The package separates families with a blank line, which the text format ignores.
    expect(outputs[1]).toBe(outputs[0]?.replace(/\n\n/g, '\n'))
  })

  it('refuses an unknown content type in the constructor', () => {
    expect(() => new client.Registry('text/html' as client.RegistryContentType)).toThrow(
      client.ContentTypeError,
    )
  })

  it('keeps the global registry one object across both entries', async () => {
    expect(client.register).toBeInstanceOf(client.Registry)
    new client.Counter({ name: 'seen_total', help: 'h', aggregator: 'first' })
    expect((await client.register.getMetricsAsJSON('first')).map((m) => m.name)).toEqual(['seen_total'])
  })
})

describe('ClusterRegistry and WorkerRegistry', () => {
  it.each([
    ['ClusterRegistry', (): Promise<string> => new client.ClusterRegistry().clusterMetrics()],
    ['WorkerRegistry', (): Promise<string> => new client.WorkerRegistry().workerMetrics()],
    [
      'AggregatorRegistry (deprecated)',
      (): Promise<string> => new client.AggregatorRegistry().clusterMetrics(),
    ],
  ])('%s merges the registries workers share', async (_name, read) => {
    const directory = mkdtempSync(join(tmpdir(), 'watchfire-pio-'))
    dirs.push(directory)
    process.env[DIRECTORY_ENV] = directory
    const shared = new client.Registry()
    new client.Counter({ name: 'shared_total', help: 'h', registers: [shared] }).inc(3)
    client.ClusterRegistry.setRegistries(shared)
    const writer = enableMultiprocess({ directory })
    try {
      writer.flush()
      expect(await read()).toContain('shared_total 3\n')
    } finally {
      writer.close()
    }
  })

  it('shuts a worker down by writing its final state', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'watchfire-pio-'))
    dirs.push(directory)
    process.env[DIRECTORY_ENV] = directory
    const shared = new client.Registry()
    new client.Counter({ name: 'last_total', help: 'h', registers: [shared] }).inc(2)
    const writer = enableMultiprocess({ directory, registers: [shared] })
    await new client.WorkerRegistry(undefined, false).shutdown()
    expect(writer.closed).toBe(true)
    expect(await new client.WorkerRegistry().workerMetrics()).toContain('last_total 2\n')
  })
})

describe('Pushgateway', () => {
  it.each([
    ['(url, registry)', (url: string, r: client.Registry) => new client.Pushgateway(url, r)],
    ['(url, null, registry)', (url: string, r: client.Registry) => new client.Pushgateway(url, null, r)],
  ])('pushes the given registry when built as %s', async (_name, make) => {
    const bodies: string[] = []
    const server = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk: Buffer) => (body += chunk.toString()))
      req.on('end', () => {
        bodies.push(`${req.method} ${req.url} ${body}`)
        res.end()
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const registry = new client.Registry()
      new client.Counter({ name: 'pushed_total', help: 'h', registers: [registry] }).inc()
      const { port } = server.address() as AddressInfo
      await make(`http://127.0.0.1:${port}`, registry).pushAdd({ jobName: 'test' })
      expect(bodies[0]).toMatch(/^POST \/metrics\/job\/test [^]*pushed_total 1/)
    } finally {
      server.close()
    }
  })
})
