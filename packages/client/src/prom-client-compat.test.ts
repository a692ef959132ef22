import promClient from 'prom-client'
import { describe, expect, it } from 'vitest'
import * as watchfire from './index.js'

// Each scenario makes the same calls on prom-client and on watchfire; the JSON views and the text 0.0.4
// output must agree. prom-client's types differ in detail, so scenarios are written against ours.
type Lib = Pick<typeof watchfire, 'Counter' | 'Gauge' | 'Histogram' | 'Summary' | 'Registry'>
type Reg = watchfire.Registry<watchfire.RegistryContentType>
type Scenario = (lib: Lib, registers: Reg[]) => void

const libs: Array<[string, Lib]> = [
  ['prom-client', promClient as unknown as Lib],
  ['watchfire', watchfire],
]

const scenarios: Array<[string, Scenario]> = [
  [
    'unlabelled counter',
    (lib, registers) => {
      const c = new lib.Counter({ name: 'jobs_total', help: 'Jobs run.', registers })
      c.inc()
      c.inc(2.5)
    },
  ],
  [
    'labelled counter via every call form',
    (lib, registers) => {
      const c = new lib.Counter({
        name: 'http_requests_total',
        help: 'Requests.',
        labelNames: ['method', 'code'],
        registers,
      })
      c.inc({ method: 'GET', code: '200' })
      c.inc({ method: 'GET', code: '200' }, 3)
      c.labels('POST', '500').inc()
      c.labels({ method: 'PUT', code: '201' }).inc(2)
      c.remove('POST', '500')
    },
  ],
  [
    'counter without _total and a partial label set',
    (lib, registers) => {
      const c = new lib.Counter({ name: 'events', help: 'Events.', labelNames: ['kind', 'src'], registers })
      c.inc({ kind: 'a' })
      c.inc({ kind: 'b', src: 'x' }, 4)
    },
  ],
  [
    'gauge',
    (lib, registers) => {
      const g = new lib.Gauge({
        name: 'temperature_celsius',
        help: 'Temperature.',
        labelNames: ['room'],
        registers,
      })
      g.set({ room: 'hall' }, 21.5)
      g.inc({ room: 'hall' }, 0.5)
      g.dec({ room: 'cellar' }, 3)
      g.labels('attic').set(30)
      g.labels('attic').dec()
    },
  ],
  [
    'unlabelled gauge, negative and fractional',
    (lib, registers) => {
      const g = new lib.Gauge({ name: 'balance', help: 'Balance.', registers })
      g.set(-12.25)
    },
  ],
  [
    'escaping in help and label values',
    (lib, registers) => {
      const g = new lib.Gauge({
        name: 'escapes',
        help: 'Back\\slash and\nnewline.',
        labelNames: ['v'],
        registers,
      })
      g.set({ v: 'quote " back \\ newline \n end' }, 1)
    },
  ],
  [
    'histogram with labels and zero()',
    (lib, registers) => {
      const h = new lib.Histogram({
        name: 'latency_seconds',
        help: 'Latency.',
        labelNames: ['route'],
        buckets: [0.1, 0.5, 1],
        registers,
      })
      h.observe({ route: '/a' }, 0.05)
      h.observe({ route: '/a' }, 0.7)
      h.labels('/b').observe(3)
      h.zero({ route: '/c' })
    },
  ],
  [
    'unlabelled histogram with default buckets',
    (lib, registers) => {
      const h = new lib.Histogram({ name: 'size', help: 'Size.', registers })
      h.observe(0.3)
      h.observe(20)
    },
  ],
  [
    'summary with one value per series',
    (lib, registers) => {
      const s = new lib.Summary({
        name: 'rpc_seconds',
        help: 'RPC.',
        labelNames: ['op'],
        percentiles: [0.5, 0.9],
        registers,
      })
      s.observe({ op: 'get' }, 0.25)
      s.labels('set').observe(2)
      s.labels('set').observe(2)
    },
  ],
]

function run(lib: Lib, scenario: Scenario, defaultLabels?: Record<string, string>): Reg {
  const registry = new lib.Registry() as Reg
  if (defaultLabels !== undefined) registry.setDefaultLabels(defaultLabels)
  scenario(lib, [registry])
  return registry
}

// Labels within a sample line in name order: prom-client puts `le` and `quantile` first, Go's client and we
// put them last; Prometheus does not care. Blank lines between families are prom-client's only.
function canonical(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((line) => {
      const m = /^([^{\s]+)\{(.*)\} (.*)$/.exec(line)
      if (m === null) return line
      const pairs = (m[2] as string).match(/[a-zA-Z_]\w*="(?:[^"\\]|\\.)*"/g) ?? []
      return `${m[1]}{${[...pairs].sort().join(',')}} ${m[3]}`
    })
}

describe.each(scenarios)('prom-client compatibility: %s', (_, scenario) => {
  it('getMetricsAsJSON matches', async () => {
    const [theirs, ours] = await Promise.all(libs.map(([, lib]) => run(lib, scenario).getMetricsAsJSON()))
    expect(ours).toEqual(theirs)
    expect(JSON.stringify(ours)).toBe(JSON.stringify(theirs))
  })

  it('getMetricsAsJSON matches with default labels', async () => {
    const labels = { env: 'prod' }
    const [theirs, ours] = await Promise.all(
      libs.map(([, lib]) => run(lib, scenario, labels).getMetricsAsJSON()),
    )
    expect(ours).toEqual(theirs)
  })

  it('text 0.0.4 matches, up to label order within a line', async () => {
    const [theirs, ours] = await Promise.all(libs.map(([, lib]) => run(lib, scenario).metrics()))
    expect(canonical(ours as string)).toEqual(canonical(theirs as string))
  })

  it('text 0.0.4 matches with default labels', async () => {
    const labels = { env: 'prod' }
    const [theirs, ours] = await Promise.all(libs.map(([, lib]) => run(lib, scenario, labels).metrics()))
    expect(canonical(ours as string)).toEqual(canonical(theirs as string))
  })
})

describe('prom-client compatibility: byte for byte', () => {
  it.each(scenarios.slice(0, 6))('getSingleMetricAsString of %s', async (_, scenario) => {
    const [theirs, ours] = await Promise.all(
      libs.map(async ([, lib]) => {
        const registry = run(lib, scenario)
        const names = registry.getMetricsAsArray().map((m) => m.name)
        return Promise.all(names.map((n) => registry.getSingleMetricAsString(n)))
      }),
    )
    expect(ours).toEqual(theirs)
  })

  it('exports what prom-client exports, with the same content types', () => {
    for (const name of [
      'register',
      'Registry',
      'contentType',
      'prometheusContentType',
      'openMetricsContentType',
      'validateMetricName',
      'Counter',
      'Gauge',
      'Histogram',
      'Summary',
      'linearBuckets',
      'exponentialBuckets',
    ]) {
      expect(watchfire, name).toHaveProperty(name)
    }
    expect(watchfire.prometheusContentType).toBe(promClient.prometheusContentType)
    expect(watchfire.openMetricsContentType).toBe(promClient.openMetricsContentType)
    expect(watchfire.linearBuckets(1, 2, 4)).toEqual(promClient.linearBuckets(1, 2, 4))
    expect(watchfire.exponentialBuckets(0.5, 3, 5)).toEqual(promClient.exponentialBuckets(0.5, 3, 5))
  })

  it.each(['ok_name', 'a:b', '_x', '1bad', 'bad-name', 'ünïcode', ''])(
    'validateMetricName(%j) agrees',
    (n) => {
      expect(watchfire.validateMetricName(n)).toBe(promClient.validateMetricName(n))
    },
  )
})
