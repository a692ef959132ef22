import { describe, expect, it } from 'vitest'
import { STALE_NAN, isStaleNaN } from './stale.js'

describe('stale markers', () => {
  it('has the bit pattern 0x7ff0000000000002', () => {
    const view = new DataView(new ArrayBuffer(8))
    view.setFloat64(0, STALE_NAN)
    expect(view.getBigUint64(0).toString(16)).toBe('7ff0000000000002')
  })

  it.each([
    [STALE_NAN, true],
    [NaN, false],
    [0, false],
    [Infinity, false],
  ])('isStaleNaN(%d) is %s', (v, want) => {
    expect(isStaleNaN(v)).toBe(want)
  })
})
