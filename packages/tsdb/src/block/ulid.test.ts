import { describe, expect, it } from 'vitest'
import { isUlid, newUlid, ulidTime } from './ulid.js'

describe('ulid', () => {
  it.each([
    // Values from the ULID specification's examples and oklog/ulid's tests.
    [0, new Uint8Array(10), '00000000000000000000000000'],
    [1469918176385, new Uint8Array(10), '01ARYZ6S410000000000000000'],
    [2 ** 48 - 1, new Uint8Array(10).fill(0xff), '7ZZZZZZZZZZZZZZZZZZZZZZZZZ'],
  ])('encodes time %d', (t, rnd, want) => {
    expect(newUlid(t, rnd)).toBe(want)
    expect(ulidTime(want)).toBe(t)
  })

  it('is sortable by time and recognisable', () => {
    const a = newUlid(1_700_000_000_000)
    const b = newUlid(1_700_000_000_001)
    expect(a < b).toBe(true)
    expect(isUlid(a)).toBe(true)
    expect(isUlid('chunks')).toBe(false)
  })
})
