import { describe, expect, it } from 'vitest'
import { crc32c } from './crc32c.js'

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('crc32c', () => {
  // Reference values from RFC 3720 (iSCSI) appendix B.4 and the common "123456789" check value.
  it.each([
    ['check string', ascii('123456789'), 0xe3069283],
    ['32 zero bytes', new Uint8Array(32), 0x8a9136aa],
    ['32 bytes of 0xff', new Uint8Array(32).fill(0xff), 0x62a8ab43],
    ['ascending 0..31', Uint8Array.from({ length: 32 }, (_, i) => i), 0x46dd794e],
    ['empty', new Uint8Array(0), 0],
  ])('%s', (_name, bytes, want) => {
    expect(crc32c(bytes)).toBe(want)
  })

  it('can be extended piecewise and over a sub-range', () => {
    const b = ascii('xx123456789yy')
    expect(crc32c(b, 2, 11)).toBe(0xe3069283)
    expect(crc32c(b, 7, 11, crc32c(b, 2, 7))).toBe(0xe3069283)
  })
})
