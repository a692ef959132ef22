import { describe, expect, it } from 'vitest'
import { textMetadata } from './target-metadata.js'

describe('textMetadata', () => {
  it('reads HELP, TYPE and UNIT lines by family, unescaping help', () => {
    const body = [
      '# HELP a_total Requests\\nserved \\\\ total.',
      '# TYPE a_total counter',
      'a_total 1',
      '# TYPE b untyped',
      '# TYPE c_seconds histogram',
      '# UNIT c_seconds seconds',
      '# just a comment',
      'c_seconds_count 1',
    ].join('\n')
    expect([...textMetadata(body)]).toEqual([
      ['a_total', { type: 'counter', help: 'Requests\nserved \\ total.', unit: '' }],
      ['b', { type: 'unknown', help: '', unit: '' }],
      ['c_seconds', { type: 'histogram', help: '', unit: 'seconds' }],
    ])
  })
})
