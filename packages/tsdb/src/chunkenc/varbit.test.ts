import { describe, expect, it } from 'vitest'
import { BitReader } from './bit-reader.js'
import { BitWriter } from './bit-writer.js'
import { putVarbitInt, putVarbitUint, readVarbitInt, readVarbitUint } from './varbit.js'

function bitsFor(write: (w: BitWriter) => void): string {
  const w = new BitWriter()
  write(w)
  const bytes = w.finish()
  let s = ''
  for (const b of bytes) s += b.toString(2).padStart(8, '0')
  return s.slice(0, w.bitLength)
}

describe('varbit integers', () => {
  it.each([
    [0, '0'],
    [1, '10001'],
    [-3, '10101'],
    [4, '10100'],
    [-4, '110111100'],
    [32, '110100000'],
    [256, '1110100000000'],
    [-2047, '11110100000000001'],
  ])('putVarbitInt(%d) writes %s', (v, bits) => {
    expect(bitsFor((w) => putVarbitInt(w, v))).toBe(bits)
  })

  it.each([
    [0, '0'],
    [7, '10111'],
    [8, '110001000'],
    [4095, '11110111111111111'],
  ])('putVarbitUint(%d) writes %s', (v, bits) => {
    expect(bitsFor((w) => putVarbitUint(w, v))).toBe(bits)
  })

  const ints = [
    0,
    1,
    -1,
    4,
    -3,
    5,
    -4,
    32,
    -31,
    33,
    256,
    -255,
    2048,
    -2047,
    131072,
    -131071,
    16777216,
    -16777215,
    16777217,
    -(2 ** 40),
    2 ** 55,
    -(2 ** 53 - 1),
    2 ** 53 - 1,
  ]
  it('round-trips signed values across every width', () => {
    const w = new BitWriter()
    for (const v of ints) putVarbitInt(w, v)
    const r = new BitReader()
    r.reset(w.finish(), 0, w.byteLength())
    expect(ints.map(() => readVarbitInt(r))).toEqual(ints)
    expect(r.overflow).toBe(false)
  })

  const uints = [0, 7, 8, 63, 64, 511, 512, 4095, 4096, 262143, 262144, 33554431, 33554432, 2 ** 53 - 1]
  it('round-trips unsigned values across every width', () => {
    const w = new BitWriter()
    for (const v of uints) putVarbitUint(w, v)
    const r = new BitReader()
    r.reset(w.finish(), 0, w.byteLength())
    expect(uints.map(() => readVarbitUint(r))).toEqual(uints)
  })
})
