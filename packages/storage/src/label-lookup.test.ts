import { Labels } from '@watchfire/model'
import { describe, expect, it } from 'vitest'
import { labelNamesOf, labelValuesOf } from './label-lookup.js'

const series = [
  { labels: Labels.fromRecord({ __name__: 'up', job: 'b', instance: 'x' }) },
  { labels: Labels.fromRecord({ __name__: 'up', job: 'a' }) },
  { labels: Labels.fromRecord({ __name__: 'Up', job: 'a' }) },
]

describe('label lookup over matched series', () => {
  it('lists distinct names in byte order', () => {
    expect(labelNamesOf(series)).toEqual(['__name__', 'instance', 'job'])
  })

  it('lists distinct non-empty values in byte order, skipping series without the label', () => {
    expect(labelValuesOf(series, '__name__')).toEqual(['Up', 'up'])
    expect(labelValuesOf(series, 'instance')).toEqual(['x'])
    expect(labelValuesOf(series, 'missing')).toEqual([])
  })
})
