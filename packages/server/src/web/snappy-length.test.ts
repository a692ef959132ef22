import { compress } from 'snappyjs'
import { describe, expect, it } from 'vitest'
import { snappyDecodedLength } from './snappy-length.js'

describe('snappyDecodedLength', () => {
  it.each([0, 1, 127, 128, 16_384, 300_000])('reads the length of a %i-byte block', (n) => {
    expect(snappyDecodedLength(compress(new Uint8Array(n)))).toBe(n)
  })

  it.each([
    ['empty', []],
    ['unterminated', [0x80, 0x80]],
    ['longer than 5 bytes', [0xff, 0xff, 0xff, 0xff, 0xff, 0x01]],
  ])('is undefined for a %s header', (_name, bytes) => {
    expect(snappyDecodedLength(Uint8Array.from(bytes))).toBeUndefined()
  })

  it('announces 4 GiB from 5 bytes without allocating it', () => {
    expect(snappyDecodedLength(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x0f]))).toBe(2 ** 32 - 1)
  })
})
