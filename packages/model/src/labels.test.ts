import { describe, expect, it } from 'vitest'
import { Labels } from './labels.js'

describe('Labels', () => {
  it('sorts by name and drops empty values', () => {
    const ls = Labels.fromRecord({ b: '2', a: '1', c: '' })
    expect(ls.names()).toEqual(['a', 'b'])
    expect(ls.toString()).toBe('{a="1", b="2"}')
  })

  it('never collides label sets whose joined text is alike', () => {
    const x = Labels.fromRecord({ a: '1,b=2' })
    const y = Labels.fromRecord({ a: '1', b: '2' })
    expect(x.equals(y)).toBe(false)
    expect(x.hash()).not.toBe(y.hash())
  })

  it.each([
    [{ a: '1' }, { a: '1' }, 0],
    [{ a: '1' }, { a: '2' }, -1],
    [{ a: '1' }, { a: '1', b: '1' }, -1],
    [{ b: '1' }, { a: '1', b: '1' }, 1],
  ])('compares %j with %j', (x, y, want) => {
    expect(Math.sign(Labels.compare(Labels.fromRecord(x), Labels.fromRecord(y)))).toBe(want)
  })

  it('gets, edits and hashes consistently', () => {
    const ls = Labels.fromRecord({ __name__: 'up', job: 'x' })
    expect(ls.metricName).toBe('up')
    expect(ls.get('missing')).toBe('')
    expect(ls.with('instance', 'h:1').without('job').toRecord()).toEqual({ __name__: 'up', instance: 'h:1' })
    expect(ls.hash()).toBe(
      Labels.fromPairs([
        ['job', 'x'],
        ['__name__', 'up'],
      ]).hash(),
    )
  })
})
