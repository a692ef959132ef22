import { Labels } from '@watchfire/model'
import { describe, expect, it } from 'vitest'
import { LabelOverrides } from './label-overrides.js'

describe('LabelOverrides', () => {
  it.each([
    ['renames', { __name__: 'x', a: '1' }, { __name__: 'r' }, { __name__: 'r', a: '1' }],
    ['adds a name to a nameless sample', { a: '1' }, { __name__: 'r' }, { __name__: 'r', a: '1' }],
    [
      'adds before, between and after',
      { b: '2', d: '4' },
      { a: '1', c: '3', e: '5' },
      { a: '1', b: '2', c: '3', d: '4', e: '5' },
    ],
    [
      'overrides a value',
      { __name__: 'x', job: 'a' },
      { __name__: 'r', job: 'b' },
      { __name__: 'r', job: 'b' },
    ],
    [
      'removes with an empty value',
      { __name__: 'x', job: 'a', z: '1' },
      { __name__: 'r', job: '' },
      { __name__: 'r', z: '1' },
    ],
    ['ignores removing an absent label', { a: '1' }, { b: '' }, { a: '1' }],
    [
      'sorts upper case before __name__',
      { __name__: 'x', a: '1' },
      { Z: 'z', __name__: 'r' },
      { Z: 'z', __name__: 'r', a: '1' },
    ],
    ['leaves empty labels empty', {}, {}, {}],
  ])('%s', (_case, input, overrides, want) => {
    const got = new LabelOverrides(overrides).apply(Labels.fromRecord(input))
    expect(got.toFlat()).toEqual(Labels.fromRecord(want).toFlat())
    expect(got.equals(Labels.fromRecord(want))).toBe(true)
  })

  it('gives the same labels as rebuilding the record for many random cases', () => {
    const names = ['A', '__name__', 'a', 'b', 'job', 'z']
    let seed = 7
    const pick = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 4
    for (let k = 0; k < 200; k++) {
      const input: Record<string, string> = {}
      const overrides: Record<string, string> = {}
      for (const n of names) {
        if (pick() === 0) input[n] = `v${k}`
        const o = pick()
        if (o === 0) overrides[n] = `o${k}`
        else if (o === 1) overrides[n] = ''
      }
      const want = Labels.fromRecord({ ...input, ...overrides })
      expect(new LabelOverrides(overrides).apply(Labels.fromRecord(input)).toFlat()).toEqual(want.toFlat())
    }
  })
})
