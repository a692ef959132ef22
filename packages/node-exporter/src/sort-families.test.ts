import { describe, expect, it } from 'vitest'
import { family, sample } from './family.js'
import { sortFamilies } from './sort-families.js'

describe('sortFamilies', () => {
  it('orders families by name and metrics by label values in name order, as client_golang', () => {
    const sorted = sortFamilies([
      family('node_b', 'b', 'gauge', [sample(1)]),
      family('node_a', 'a', 'counter', [
        sample(1, { mode: 'user', cpu: '10' }),
        sample(2, { cpu: '2', mode: 'idle' }),
        sample(3, { cpu: '10', mode: 'idle' }),
      ]),
    ])
    expect(sorted.map((f) => f.name)).toEqual(['node_a', 'node_b'])
    expect(sorted[0]?.metrics.map((m) => m.value)).toEqual([3, 1, 2])
  })
})
