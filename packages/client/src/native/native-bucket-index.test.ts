import { describe, expect, it } from 'vitest'
import {
  MAX_SCHEMA,
  MIN_SCHEMA,
  bucketIndex,
  bucketUpperBound,
  fractionBounds,
} from './native-bucket-index.js'

const SCHEMAS = Array.from({ length: MAX_SCHEMA - MIN_SCHEMA + 1 }, (_, i) => MIN_SCHEMA + i)

describe('bucketIndex', () => {
  it.each([
    // [schema, value, index]: bucket i covers (2^((i-1)/2^s), 2^(i/2^s)]
    [0, 1, 0],
    [0, 1.5, 1],
    [0, 2, 1],
    [0, 2.0000000000000004, 2],
    [0, 3, 2],
    [0, 0.75, 0],
    [0, 0.5, -1],
    [0, 1024, 10],
    [0, 2 ** -128, -128],
    [0, 5e-324, -1074],
    // Prometheus's table ends bucket 1 at 1.414213562373095, one ulp below the float nearest √2.
    [1, 1.414213562373095, 1],
    [1, 1.4142135623730951, 2],
    [1, 1.5, 2],
    [3, 1, 0],
    [3, 1.05, 1],
    [3, 1.1, 2],
    [3, 2, 8],
    [3, 0.5, -8],
    [3, 0.49, -8],
    [3, 0.45, -9],
    [8, 1, 0],
    [8, 1.0001, 1],
    [8, 2, 256],
    [8, Number.MAX_VALUE, 1024 * 256],
    [8, Infinity, 1024 * 256 + 1],
    [-1, 1, 0],
    [-1, 2, 1],
    [-1, 4, 1],
    [-1, 4.000000000000001, 2],
    [-1, 0.5, 0],
    [-1, 0.25, -1],
    [-2, 16, 1],
    [-2, 17, 2],
    [-2, 1 / 16, -1],
    [-4, 1, 0],
    [-4, 2, 1],
    [-4, 65536, 1],
    [-4, 65537, 2],
    [-4, 2 ** -16, -1],
    [-4, 2 ** -16 * 1.5, 0],
    [-4, Number.MAX_VALUE, 64],
    [-4, Infinity, 65],
  ])('schema %i puts %s in bucket %i', (schema, value, index) => {
    expect(bucketIndex(value, schema)).toBe(index)
    expect(bucketIndex(-value, schema)).toBe(index)
  })

  it.each(SCHEMAS)('schema %i puts every power of two in the bucket it bounds exactly', (schema) => {
    const wrong: string[] = []
    for (let e = -1074; e <= 1023; e++) {
      // 2^e is the upper bound of bucket e·2^s; for negative schemas it lies in bucket ceil(e / 2^-s).
      const expected = schema >= 0 ? e * 2 ** schema : Math.ceil(e / 2 ** -schema)
      const actual = bucketIndex(2 ** e, schema)
      if (actual !== expected) wrong.push(`2^${e} -> ${actual}, want ${expected}`)
    }
    expect(wrong).toEqual([])
  })

  it.each(SCHEMAS)('schema %i: every value lies in (lower, upper] of its bucket', (schema) => {
    const wrong: number[] = []
    let seed = 12345
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 16807) % 2147483647
      const value = Math.exp(((seed / 2147483647) * 2 - 1) * 600)
      const index = bucketIndex(value, schema)
      if (!(value <= bucketUpperBound(index, schema) && value > bucketUpperBound(index - 1, schema)))
        wrong.push(value)
    }
    expect(wrong).toEqual([])
  })
})

describe('fractionBounds', () => {
  // Entries of the tables in Prometheus's and client_golang's sources, which define the boundaries.
  it.each([
    [3, 0, 0.5],
    [3, 1, 0.5452538663326288],
    [3, 2, 0.5946035575013605],
    [3, 3, 0.6484197773255048],
    [3, 4, 0.7071067811865475],
    [3, 5, 0.7711054127039704],
    [3, 6, 0.8408964152537144],
    [3, 7, 0.9170040432046711],
    [4, 1, 0.5221368912137069],
    [4, 3, 0.5693943173783458],
    [8, 1, 0.5013556375251013],
    [8, 3, 0.5040779490592088],
    [8, 100, 0.6554806057623822],
    [8, 201, 0.8616394738731368],
    [8, 255, 0.9972960560854698],
  ])('schema %i entry %i is %s as in Prometheus', (schema, j, bound) => {
    expect(fractionBounds(schema)[j]).toBe(bound)
  })

  it.each(SCHEMAS.filter((s) => s >= 0))(
    'schema %i: increasing, nested, within 4 ulp of 2^(j/2^s - 1)',
    (schema) => {
      const bounds = fractionBounds(schema)
      const n = 2 ** schema
      expect(bounds.length).toBe(n)
      for (let j = 0; j < n; j++) {
        const b = bounds[j] as number
        expect(Math.abs(b - 2 ** (j / n - 1))).toBeLessThanOrEqual(4 * 2 ** -53)
        if (j > 0) expect(b).toBeGreaterThan(bounds[j - 1] as number)
        if (schema > 0 && j % 2 === 0) expect(b).toBe(fractionBounds(schema - 1)[j / 2])
      }
    },
  )
})
