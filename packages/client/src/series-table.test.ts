import { describe, expect, it } from 'vitest'
import { LabelError } from './errors.js'
import { SeriesTable } from './series-table.js'
import type { Series } from './series-table.js'
import type { LabelRecord } from '@watchfire/model'

class FakeSeries implements Series {
  removed = false
  value = 0
  clears = 0
  constructor(readonly labels: LabelRecord) {}
  clear(): void {
    this.value = 0
    this.clears++
  }
}

function table(names: string[] = ['a', 'b']): SeriesTable<FakeSeries> {
  return new SeriesTable('m', names, (labels) => new FakeSeries(labels))
}

describe('SeriesTable', () => {
  it('never collides label sets that a joined string key would', () => {
    const t = table()
    const x = t.byRecord({ a: '1,b:2' })
    const y = t.byRecord({ a: '1', b: '2' })
    const z = t.byRecord({ a: '1', b: '2,' })
    expect(new Set([x, y, z]).size).toBe(3)
    expect(x.labels).toEqual({ a: '1,b:2' })
    expect(y.labels).toEqual({ a: '1', b: '2' })
  })

  it('keys a missing label apart from an empty value', () => {
    const t = table()
    expect(t.byRecord({ a: '1' })).not.toBe(t.byRecord({ a: '1', b: '' }))
    expect(t.byRecord({ a: '1' }).labels).toEqual({ a: '1' })
  })

  it('returns the same frozen child for records, values and numbers', () => {
    const t = table()
    const s = t.byRecord({ b: 200, a: 'GET' })
    expect(t.byValues(['GET', '200'])).toBe(s)
    expect(t.byRecord({ a: 'GET', b: '200' })).toBe(s)
    expect(Object.isFrozen(s.labels)).toBe(true)
    // Declared order, whatever order the first call used.
    expect(Object.keys(s.labels)).toEqual(['a', 'b'])
    expect(t.size).toBe(1)
  })

  it.each([
    [
      'an undeclared name',
      () => table().byRecord({ a: '1', c: '2' }),
      /label "c" on metric m \(declared label names: a, b\)/,
    ],
    [
      'a name on an unlabelled metric',
      () => table([]).byRecord({ c: '2' }),
      /label "c" on metric m \(declared label names: none\)/,
    ],
    ['too few values', () => table().byValues(['1']), /got 1 label values for 2 label names: a, b/],
    ['too many values', () => table([]).byValues(['1']), /got 1 label values for 0 label names/],
    ['an object value', () => table().byRecord({ a: {} }), /label a=an object on metric m/],
    ['a null value', () => table().byValues([null, '1']), /label a=null on metric m/],
  ])('rejects %s', (_, call, message) => {
    expect(call).toThrow(LabelError)
    expect(call).toThrow(message)
  })

  it('lists series in creation order', () => {
    const t = table()
    t.byValues(['x', '1'])
    t.byValues(['y', '1'])
    t.byValues(['x', '2'])
    expect([...t.all()].map((s) => s.labels)).toEqual([
      { a: 'x', b: '1' },
      { a: 'y', b: '1' },
      { a: 'x', b: '2' },
    ])
  })

  it('removes by values or record, marks the series removed and revives it on use', () => {
    const t = table()
    const s = t.byValues(['x', '1'])
    s.value = 5
    t.remove(['x', '1'])
    expect(s.removed).toBe(true)
    expect(t.size).toBe(0)
    expect(t.revive(s)).toBe(s)
    expect(s.removed).toBe(false)
    expect(s.value).toBe(0)
    expect(t.byValues(['x', '1'])).toBe(s)
    t.remove([{ b: '1', a: 'x' }])
    expect(t.size).toBe(0)
  })

  it('revives into the series created since the removal', () => {
    const t = table()
    const old = t.byValues(['x', '1'])
    t.remove(['x', '1'])
    const fresh = t.byValues(['x', '1'])
    expect(t.revive(old)).toBe(fresh)
    expect(old.removed).toBe(true)
  })

  it('ignores removal of an absent series', () => {
    const t = table()
    t.byValues(['x', '1'])
    t.remove(['x', '2'])
    t.remove(['y', '1'])
    expect(t.size).toBe(1)
  })

  it('reset drops labelled series but keeps and zeroes the unlabelled one', () => {
    const labelled = table()
    const s = labelled.byValues(['x', '1'])
    labelled.reset()
    expect(s.removed).toBe(true)
    expect(labelled.size).toBe(0)
    const unlabelled = table([])
    const u = unlabelled.unlabelled as FakeSeries
    u.value = 3
    unlabelled.reset()
    expect(u.removed).toBe(false)
    expect(u.value).toBe(0)
    expect([...unlabelled.all()]).toEqual([u])
  })
})
