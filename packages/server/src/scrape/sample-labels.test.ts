import { Labels } from '@watchfire/model'
import { describe, expect, it } from 'vitest'
import { mergeTargetLabels } from './sample-labels.js'

const TARGET = Labels.fromRecord({ instance: 'host:9100', job: 'node' })

describe('mergeTargetLabels', () => {
  it.each<[string, [string, string][], boolean, Record<string, string>]>([
    [
      'labels in name order',
      [
        ['a', '1'],
        ['z', '2'],
      ],
      false,
      { a: '1', z: '2' },
    ],
    [
      'labels out of order',
      [
        ['zone', 'eu'],
        ['code', '200'],
        ['method', 'get'],
      ],
      false,
      { code: '200', method: 'get', zone: 'eu' },
    ],
    [
      'an empty value (dropped)',
      [
        ['a', ''],
        ['b', '2'],
      ],
      false,
      { b: '2' },
    ],
    [
      'a repeated name (the later wins)',
      [
        ['a', '1'],
        ['a', '2'],
      ],
      false,
      { a: '2' },
    ],
    ['a name the target has', [['job', 'mine']], false, { exported_job: 'mine' }],
    [
      'a name the target has, exported_ taken',
      [
        ['job', 'mine'],
        ['exported_job', 'old'],
      ],
      false,
      { exported_job: 'old', exported_exported_job: 'mine' },
    ],
    ['a name the target has, honoured', [['job', 'mine']], true, { job: 'mine' }],
    ['no labels', [], false, {}],
  ])('merges %s', (_name, scraped, honor, extra) => {
    const names = scraped.map(([n]) => n)
    const values = scraped.map(([, v]) => v)
    // Stale entries past the count must be ignored.
    names.push('stale')
    values.push('x')
    const got = mergeTargetLabels('m', names, values, scraped.length, TARGET, honor)
    const want = Labels.fromRecord({ __name__: 'm', ...TARGET.toRecord(), ...extra })
    expect(got.toRecord()).toEqual(want.toRecord())
    // Sorted by name, as every Labels must be.
    expect(got.names()).toEqual([...got.names()].sort())
    expect(got.equals(want)).toBe(true)
  })
})
