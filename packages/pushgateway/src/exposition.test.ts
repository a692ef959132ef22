import { gunzipSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import type { MetricFamily } from '@watchfire/model'
import { decodeProtobuf, parseOpenMetrics, parseText } from '@watchfire/model'
import { Exposition, mergeFamilies } from './exposition.js'
import { parseGroupingPath } from './grouping-key.js'
import { MetricStore } from './store.js'

function storeWith(pushes: [string, string][]): MetricStore {
  const store = new MetricStore()
  for (const [path, text] of pushes) {
    const families = new Map(parseText(text).map((f) => [f.name, f]))
    store.commit(store.planPush(parseGroupingPath(path), families, false, 1_700_000_000_000))
  }
  return store
}

const own: MetricFamily[] = [
  {
    name: 'pushgateway_build_info',
    help: 'Build.',
    type: 'gauge',
    unit: '',
    metrics: [{ labels: { version: 'v' }, value: 1 }],
  },
]

describe('mergeFamilies', () => {
  it('merges by name, sorts names and metrics, drops empty families, keeps the first help unless overridden', () => {
    const a: MetricFamily[] = [
      { name: 'z', help: 'first', type: 'gauge', unit: '', metrics: [{ labels: { job: 'b' }, value: 2 }] },
      { name: 'empty', help: '', type: 'gauge', unit: '', metrics: [] },
    ]
    const b: MetricFamily[] = [
      { name: 'z', help: 'second', type: 'gauge', unit: '', metrics: [{ labels: { job: 'a' }, value: 1 }] },
      { name: 'y', help: 'y', type: 'gauge', unit: '', metrics: [{ labels: {}, value: 0 }] },
    ]
    const merged = mergeFamilies([a, b])
    expect(merged.map((f) => f.name)).toEqual(['y', 'z'])
    expect(merged[1]?.help).toBe('first')
    expect(merged[1]?.metrics.map((m) => m.labels.job)).toEqual(['a', 'b'])
    expect(mergeFamilies([a, b], new Map([['z', 'ours']]))[1]?.help).toBe('ours')
    expect(a[0]?.metrics).toHaveLength(1)
  })
})

describe('Exposition', () => {
  const store = storeWith([
    ['/job/b', '# HELP x Things.\n# TYPE x counter\nx{k="2"} 2\n'],
    ['/job/a', '# TYPE x counter\nx{k="1"} 1\n'],
  ])

  it('renders every group merged with grouping labels and push-time gauges, plus own metrics (text)', () => {
    const out = new Exposition(store).render('text', own)
    const text = Buffer.concat([out.head, out.tail]).toString()
    const families = parseText(text)
    expect(families.map((f) => f.name)).toEqual([
      'pushgateway_build_info',
      'push_failure_time_seconds',
      'push_time_seconds',
      'x',
    ])
    const x = families.find((f) => f.name === 'x')
    expect(x?.metrics.map((m) => m.labels)).toEqual([
      { instance: '', job: 'a', k: '1' },
      { instance: '', job: 'b', k: '2' },
    ])
    const pushTimes = families.find((f) => f.name === 'push_time_seconds')?.metrics.map((m) => m.value)
    expect(pushTimes).toEqual([1_700_000_000, 1_700_000_000])
  })

  it('renders OpenMetrics with one # EOF and protobuf as concatenated messages', () => {
    const exposition = new Exposition(store)
    const om = exposition.render('openmetrics', own)
    const omText = Buffer.concat([om.head, om.tail]).toString()
    expect(omText.match(/# EOF/g)).toHaveLength(1)
    expect(parseOpenMetrics(omText).map((f) => f.name)).toContain('pushgateway_build_info')
    const pb = exposition.render('protobuf', own)
    expect(decodeProtobuf(Buffer.concat([pb.head, pb.tail])).map((f) => f.name)).toHaveLength(4)
  })

  it('gzips head and cached tail into one valid stream', () => {
    const out = new Exposition(store).render('text', own)
    const whole = gunzipSync(Buffer.concat([gzipSync(out.head), out.gzippedTail()])).toString()
    expect(whole).toBe(Buffer.concat([out.head, out.tail]).toString())
  })

  it('re-renders after the store changes, and merges pushed families named like its own', () => {
    const s = storeWith([['/job/a', 'x 1\n']])
    const exposition = new Exposition(s)
    const before = exposition.render('text', own).tail.toString()
    s.commit(
      s.planPush(
        parseGroupingPath('/job/c'),
        new Map(
          parseText('# TYPE pushgateway_build_info gauge\npushgateway_build_info{version="p"} 1\n').map(
            (f) => [f.name, f],
          ),
        ),
        true,
        0,
      ),
    )
    const after = exposition.render('text', own)
    expect(after.tail.length).toBe(0)
    const info = parseText(after.head.toString()).find((f) => f.name === 'pushgateway_build_info')
    expect(info?.help).toBe('Build.')
    expect(info?.metrics).toHaveLength(2)
    expect(before).toContain('job="a"')
  })
})
