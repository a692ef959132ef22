import { describe, expect, it } from 'vitest'
import type { MetricFamily } from '@watchfire/model'
import { parseText } from '@watchfire/model'
import { findInconsistency } from './consistency.js'
import { parseGroupingPath } from './grouping-key.js'
import { MetricStore } from './store.js'

function families(text: string): Map<string, MetricFamily> {
  return new Map(parseText(text).map((f) => [f.name, f]))
}

/** Commits `setup` pushes, then checks one more push to `path` (PUT). */
function check(
  setup: [string, string][],
  path: string,
  text: string,
  own: MetricFamily[] = [],
): string | undefined {
  const store = new MetricStore()
  for (const [p, t] of setup) store.commit(store.planPush(parseGroupingPath(p), families(t), true, 0))
  const planned = store.planPush(parseGroupingPath(path), families(text), true, 0)
  return findInconsistency(store, planned, new Map(own.map((f) => [f.name, f])))
}

const fam = (
  name: string,
  type: MetricFamily['type'],
  metrics: MetricFamily['metrics'] = [],
): MetricFamily => ({
  name,
  help: '',
  type,
  unit: '',
  metrics,
})

describe('findInconsistency', () => {
  it.each<[string, [string, string][], string, string]>([
    ['a first push', [], '/job/a', 'x 1\n'],
    ['the same family in another group', [['/job/a', 'x 1\n']], '/job/b', 'x 2\n'],
    ['other help for the same family', [['/job/a', '# HELP x one\nx 1\n']], '/job/b', '# HELP x two\nx 2\n'],
    [
      'a re-push of the same group',
      [['/job/a', '# TYPE x counter\nx 1\n']],
      '/job/a',
      '# TYPE x gauge\nx 2\n',
    ],
    [
      'groups whose keys differ in a shared label',
      [['/job/a/i/1', 'x{k="1"} 1\n']],
      '/job/a/i/2',
      'x{k="1"} 1\n',
    ],
    [
      'a _bucket gauge next to a summary',
      [['/job/a', '# TYPE s summary\ns_sum 1\ns_count 1\n']],
      '/job/b',
      's_bucket 1\n',
    ],
  ])('accepts %s', (_what, setup, path, text) => {
    expect(check(setup, path, text)).toBeUndefined()
  })

  it.each<[string, [string, string][], string, string, string]>([
    [
      'another type in another group',
      [['/job/a', '# TYPE x counter\nx 1\n']],
      '/job/b',
      '# TYPE x gauge\nx 2\n',
      'family "x" has type gauge',
    ],
    ['a duplicate series', [], '/job/a', 'x{k="1"} 1\nx{k="1"} 2\n', 'x{instance="", job="a", k="1"}'],
    [
      "a series equal to another group's",
      [['/job/a', 'x{z="1"} 1\n']],
      '/job/a/z/1',
      'x 1\n',
      'already pushed in group {job="a"}',
    ],
    [
      'a _count gauge next to a histogram',
      [['/job/a', '# TYPE h histogram\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n']],
      '/job/b',
      'h_count 1\n',
      '"h_count" collides with the histogram named "h"',
    ],
    [
      'a histogram next to a _sum gauge',
      [['/job/a', 'h_sum 1\n']],
      '/job/b',
      '# TYPE h histogram\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n',
      'histogram "h" collides with the metric named "h_sum"',
    ],
    [
      'a _sum gauge next to a summary',
      [['/job/a', '# TYPE s summary\ns_sum 1\ns_count 1\n']],
      '/job/b',
      's_sum 1\n',
      'collides with the summary named "s"',
    ],
  ])('refuses %s', (_what, setup, path, text, message) => {
    expect(check(setup, path, text)).toContain(message)
  })

  it.each<[string, MetricFamily, string]>([
    [
      'an invalid metric name',
      fam('a-b', 'gauge', [{ labels: {}, value: 1 }]),
      'metric name "a-b" is not valid',
    ],
    ['a reserved label name', fam('x', 'gauge', [{ labels: { __x: '1' }, value: 1 }]), 'invalid name: "__x"'],
    [
      'an invalid label name',
      fam('x', 'gauge', [{ labels: { 'a.b': '1' }, value: 1 }]),
      'invalid name: "a.b"',
    ],
    [
      'a summary with a quantile label',
      fam('s', 'summary', [{ labels: { quantile: '1' }, summary: { count: 0, sum: 0, quantiles: [] } }]),
      'explicit "quantile" label',
    ],
    [
      'a histogram with an le label',
      fam('h', 'histogram', [{ labels: { le: '1' }, histogram: { count: 0, sum: 0, buckets: [] } }]),
      'explicit "le" label',
    ],
  ])('refuses %s (protobuf can carry it)', (_what, family, message) => {
    const store = new MetricStore()
    const planned = store.planPush(parseGroupingPath('/job/p'), new Map([[family.name, family]]), true, 0)
    expect(findInconsistency(store, planned, new Map())).toContain(message)
  })

  it("refuses a type contradicting the gateway's own metric", () => {
    const own = [fam('pushgateway_build_info', 'gauge')]
    expect(
      check([], '/job/a', '# TYPE pushgateway_build_info counter\npushgateway_build_info 1\n', own),
    ).toContain("the Pushgateway's own metric of that name has type gauge")
    expect(
      check([], '/job/a', '# TYPE pushgateway_build_info gauge\npushgateway_build_info 1\n', own),
    ).toBeUndefined()
  })

  it('ignores empty families of another type in other groups', () => {
    const store = new MetricStore()
    store.commit(store.planPush(parseGroupingPath('/job/a'), new Map([['x', fam('x', 'counter')]]), true, 0))
    const planned = store.planPush(parseGroupingPath('/job/b'), families('# TYPE x gauge\nx 1\n'), true, 0)
    expect(findInconsistency(store, planned, new Map())).toBeUndefined()
  })
})
