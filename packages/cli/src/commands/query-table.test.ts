import { describe, expect, it } from 'vitest'
import { formatTable, resultRows, type QueryData } from './query-table.js'

describe('query tables', () => {
  it.each<[string, QueryData, string[][]]>([
    [
      'a vector',
      { resultType: 'vector', result: [{ metric: { __name__: 'up', job: 'x' }, value: [1700000000, '1'] }] },
      [['up{job="x"}', '2023-11-14T22:13:20.000Z', '1']],
    ],
    [
      'a matrix',
      {
        resultType: 'matrix',
        result: [
          {
            metric: {},
            values: [
              [1700000000, '1'],
              [1700000001.5, '2'],
            ],
          },
        ],
      },
      [
        ['{}', '2023-11-14T22:13:20.000Z', '1'],
        ['{}', '2023-11-14T22:13:21.500Z', '2'],
      ],
    ],
    [
      'a scalar',
      { resultType: 'scalar', result: [1700000000, '3'] },
      [['scalar', '2023-11-14T22:13:20.000Z', '3']],
    ],
  ])('rows of %s', (_name, data, rows) => {
    expect(resultRows(data)).toEqual(rows)
  })

  it('aligns columns', () => {
    expect(formatTable(['A', 'B'], [['long value', 'x']])).toBe('A           B\nlong value  x\n')
  })
})
