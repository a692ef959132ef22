import { describe, expect, it } from 'vitest'
import { floatFromBits } from './float-bits.js'
import { XorChunkEncoder } from './xor-chunk.js'
import { XorColumns } from './xor-decode.js'

/** mulberry32: a fixed-seed PRNG so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Shape = 'scrape' | 'wild'

/** Timestamps and value bit patterns exercising every dod width and value-window case. */
function samples(seed: number, shape: Shape, n: number): { ts: number[]; vs: Float64Array } {
  const r = rng(seed)
  const ts: number[] = []
  const vs = new Float64Array(n)
  let t = shape === 'scrape' ? 1_700_000_000_000 : Math.floor((r() - 0.5) * 2 ** 40)
  let v = r() * 1000
  for (let i = 0; i < n; i++) {
    if (shape === 'scrape') t += 15_000 + Math.floor(r() * 5)
    else {
      const widths = [0, 1, 100, 5_000, 60_000, 800_000, 2 ** 36]
      t += 1 + Math.floor(r() * (widths[Math.floor(r() * widths.length)] as number))
    }
    const u = r()
    if (u < 0.3) v = v + 0
    else if (u < 0.6) v = Math.round((v + r()) * 100) / 100
    else if (u < 0.8) v = floatFromBits(Math.floor(r() * 2 ** 32), Math.floor(r() * 2 ** 32))
    else v = Math.floor(r() * 2 ** 20)
    ts.push(t)
    vs[i] = v
  }
  return { ts, vs }
}

describe('XorColumns', () => {
  it.each([
    ['scrape', 1, 120],
    ['scrape', 2, 1],
    ['wild', 3, 240],
    ['wild', 4, 2],
    ['wild', 5, 1000],
  ] as const)('decodes %s data (seed %i, %i samples) exactly, bit patterns included', (shape, seed, n) => {
    const { ts, vs } = samples(seed, shape, n)
    const enc = new XorChunkEncoder()
    for (let i = 0; i < n; i++) enc.append(ts[i] as number, vs[i] as number)
    const cols = new XorColumns()
    expect(cols.decode(enc.bytes(), 0, enc.bytes().length)).toBe(true)
    expect(cols.n).toBe(n)
    expect(Array.from(cols.ts.subarray(0, n))).toEqual(ts)
    const want = new Uint32Array(vs.buffer)
    expect(Array.from(new Uint32Array(cols.vs.buffer, 0, 2 * n))).toEqual(Array.from(want))
  })

  it('decodes only the good prefix of a truncated chunk', () => {
    const { ts, vs } = samples(7, 'scrape', 50)
    const enc = new XorChunkEncoder()
    for (let i = 0; i < 50; i++) enc.append(ts[i] as number, vs[i] as number)
    const bytes = enc.bytes()
    const cols = new XorColumns()
    expect(cols.decode(bytes, 0, bytes.length - 20)).toBe(false)
    expect(cols.n).toBeGreaterThan(0)
    expect(cols.n).toBeLessThan(50)
    expect(Array.from(cols.ts.subarray(0, cols.n))).toEqual(ts.slice(0, cols.n))
  })

  it('refuses a chunk shorter than its header', () => {
    const cols = new XorColumns()
    expect(cols.decode(new Uint8Array([0]), 0, 1)).toBe(false)
    expect(cols.n).toBe(0)
  })
})
