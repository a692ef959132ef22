import { describe, expect, it } from 'vitest'
import { BitReader } from './bit-reader.js'
import { BitWriter } from './bit-writer.js'

describe('BitWriter / BitReader', () => {
  it('packs bits most significant first, like Prometheus bstream', () => {
    const w = new BitWriter(0, 1)
    w.writeBit(1)
    w.writeBits(0b01, 2)
    w.writeBits(0xabc, 12)
    w.writeBit(0)
    expect([...w.finish()]).toEqual([0b10110101, 0b01111000])
  })

  it.each([1, 3, 7, 8, 13, 25, 31, 32])('round-trips %d-bit fields at every bit offset', (n) => {
    const w = new BitWriter()
    const values: number[] = []
    for (let off = 0; off < 9; off++) {
      const v = (0x9e3779b9 * (off + n)) >>> (32 - n)
      values.push(v)
      w.writeBits(v, n)
      w.writeBits(off & 1, 1 + off)
    }
    const r = new BitReader()
    r.reset(w.finish(), 0, w.byteLength())
    for (let off = 0; off < 9; off++) {
      expect(r.readBits(n)).toBe(values[off])
      expect(r.readBits(1 + off)).toBe(off & 1)
    }
    expect(r.overflow).toBe(false)
  })

  it('round-trips 64-bit values and signed two’s complement', () => {
    const w = new BitWriter(2)
    w.writeBit(1)
    w.writeBits64(0xdeadbeef, 0x01234567, 64)
    w.writeSigned64(-123_456_789_012, 64)
    w.writeSigned64(2 ** 40 + 3, 56)
    const r = new BitReader()
    r.reset(w.finish(), 2, w.byteLength())
    expect(r.readBit()).toBe(1)
    r.readBits64(64)
    expect([r.hi, r.lo]).toEqual([0xdeadbeef, 0x01234567])
    expect(r.readSigned64()).toBe(-123_456_789_012)
    r.readBits64(56)
    expect(r.hi * 2 ** 32 + r.lo).toBe(2 ** 40 + 3)
  })

  it('flags reads past the end instead of throwing', () => {
    const r = new BitReader()
    r.reset(Uint8Array.of(0xff), 0, 1)
    expect(r.readBits(8)).toBe(0xff)
    expect(r.readBit()).toBe(0)
    expect(r.overflow).toBe(true)
  })
})
