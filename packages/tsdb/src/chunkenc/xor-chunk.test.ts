import { describe, expect, it } from 'vitest'
import { floatFromBits, floatHi, lastFloatLo } from './float-bits.js'
import { ValueType } from './value-type.js'
import { XorChunkEncoder } from './xor-chunk.js'
import { XorIterator } from './xor-iterator.js'

const STALE_NAN = floatFromBits(0x7ff00000, 0x00000002)

function bitsOf(v: number): string {
  const hi = floatHi(v)
  return hi.toString(16).padStart(8, '0') + lastFloatLo().toString(16).padStart(8, '0')
}

function encode(samples: ReadonlyArray<readonly [number, number]>): Uint8Array {
  const enc = new XorChunkEncoder()
  for (const [t, v] of samples) enc.append(t, v)
  return enc.bytes()
}

function decode(bytes: Uint8Array): Array<[number, string]> {
  const it = new XorIterator().reset(bytes)
  const out: Array<[number, string]> = []
  while (it.next() === ValueType.Float) out.push([it.atT(), bitsOf(it.atF())])
  expect(it.err()).toBeUndefined()
  return out
}

describe('XOR chunk', () => {
  it('encodes byte-for-byte like Prometheus (hand-derived vector)', () => {
    // t0=1000 → zig-zag varint d0 0f; 1.0 raw; delta 1000 → e8 07; same value → 0; dod 0 → 0;
    // 2.0 ^ 1.0 = 0x7ff0…: new window, 1 leading zero, 11 significant bits.
    const bytes = encode([
      [1000, 1],
      [2000, 1],
      [3000, 2],
    ])
    expect(Buffer.from(bytes).toString('hex')).toBe('0003d00f3ff0000000000000e8073097ffc0')
  })

  it('keeps the trailing zero byte Go leaves after a whole-byte write', () => {
    expect(Buffer.from(encode([[0, 1]])).toString('hex')).toBe('0001003ff000000000000000')
  })

  it.each<[string, Array<[number, number]>]>([
    ['one sample', [[0, 0]]],
    ['identical values', Array.from({ length: 120 }, (_, i): [number, number] => [i * 15_000, 42])],
    [
      'special floats',
      [
        [1, NaN],
        [2, Infinity],
        [3, -Infinity],
        [4, -0],
        [6, 5e-324],
        [7, Number.MAX_VALUE],
      ],
    ],
    [
      'negative timestamps',
      [
        [-1_700_000_000_000, 1],
        [-1_699_999_999_000, 2],
        [-5, 3],
        [0, 4],
        [7, 5],
      ],
    ],
    [
      'large timestamps',
      [
        [2 ** 52, 1],
        [2 ** 52 + 1, 2],
        [2 ** 52 + 10_000_000_000, 3],
      ],
    ],
    [
      'every dod class',
      [
        [0, 1],
        [15, 2],
        [30, 3],
        [8222, 4],
        [16414, 5],
        [100_000, 6],
        [700_000, 7],
        [5e12, 8],
        [5e12 + 1, 9],
        [5e12 + 2, 10],
      ],
    ],
    [
      'big value jumps',
      [
        [0, 1e-300],
        [1, 1e300],
        [2, -1e300],
        [3, 0],
        [4, 1.5],
        [5, 1.5000000001],
      ],
    ],
  ])('round-trips %s exactly, bit patterns included', (_name, samples) => {
    const got = decode(encode(samples))
    expect(got).toEqual(samples.map(([t, v]) => [t, bitsOf(v)]))
  })

  it('preserves the stale-marker NaN payload 0x7ff0000000000002', () => {
    // Values live in a Float64Array: V8 quiets signalling NaNs stored into plain double arrays.
    const values = new Float64Array(3)
    values[0] = 1
    values[1] = STALE_NAN
    values[2] = NaN
    const enc = new XorChunkEncoder()
    for (let i = 0; i < 3; i++) enc.append(i + 1, values[i] as number)
    const it = new XorIterator().reset(enc.bytes())
    const got: string[] = []
    while (it.next() === ValueType.Float) got.push(bitsOf(it.atF()))
    expect(got).toEqual(['3ff0000000000000', '7ff0000000000002', '7ff8000000000000'])
  })

  it('refuses out-of-order samples', () => {
    const enc = new XorChunkEncoder()
    enc.append(10, 1)
    expect(() => enc.append(10, 2)).toThrow(expect.objectContaining({ code: 'ERR_TSDB_INVALID_INPUT' }))
  })

  it('seeks forward and never backwards', () => {
    const it = new XorIterator().reset(
      encode([
        [10, 1],
        [20, 2],
        [30, 3],
      ]),
    )
    expect(it.seek(15)).toBe(ValueType.Float)
    expect(it.atT()).toBe(20)
    expect(it.seek(5)).toBe(ValueType.Float)
    expect(it.atT()).toBe(20)
    expect(it.seek(31)).toBe(ValueType.None)
  })

  it('reports truncated chunks as errors, not garbage', () => {
    const bytes = encode([
      [10, 1],
      [20, 2.5],
      [35, 3.75],
    ])
    const it = new XorIterator().reset(bytes, 0, bytes.length - 2)
    while (it.next() !== ValueType.None);
    expect(it.err()).toMatchObject({ code: 'ERR_TSDB_CORRUPT_CHUNK' })
  })

  it('is reusable across chunks through reset()', () => {
    const it = new XorIterator()
    for (const base of [0, 1000]) {
      it.reset(
        encode([
          [base, base],
          [base + 1, base + 1],
        ]),
      )
      expect(it.next()).toBe(ValueType.Float)
      expect([it.atT(), it.atF()]).toEqual([base, base])
    }
  })
})
