import { Labels } from '@watchfire/model'
import { describe, expect, it } from 'vitest'
import { groupKeyFn } from './grouping.js'

const series = Labels.fromRecord({ __name__: 'x', instance: 'a:1', job: 'j', shard: '3' })

describe('groupKeyFn', () => {
  it.each([
    ['by nothing', [], false, {}],
    ['by one label', ['shard'], false, { shard: '3' }],
    ['by labels in any order', ['shard', 'job'], false, { job: 'j', shard: '3' }],
    ['by an absent label', ['zone'], false, {}],
    ['by __name__', ['__name__'], false, { __name__: 'x' }],
    ['without some', ['instance'], true, { job: 'j', shard: '3' }],
    ['without nothing drops the name', [], true, { instance: 'a:1', job: 'j', shard: '3' }],
    ['without everything', ['instance', 'job', 'shard'], true, {}],
  ])('%s', (_case, grouping, without, want) => {
    const g = groupKeyFn(grouping, without)(series)
    const labels = Labels.fromRecord(want)
    expect(g.labels.toFlat()).toEqual(labels.toFlat())
    expect(g.key).toBe(labels.toFlat().join('\xff'))
  })

  it('hands series of one group the same group, and others another', () => {
    const group = groupKeyFn(['shard'], false)
    const a = group(Labels.fromRecord({ __name__: 'x', series: '1', shard: '0' }))
    const b = group(Labels.fromRecord({ __name__: 'x', series: '2', shard: '0' }))
    const c = group(Labels.fromRecord({ __name__: 'x', series: '3', shard: '1' }))
    expect(b).toBe(a)
    expect(c.key).not.toBe(a.key)
  })
})
