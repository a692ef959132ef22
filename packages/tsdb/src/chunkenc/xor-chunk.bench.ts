import { bench, describe } from 'vitest'
import { ValueType } from './value-type.js'
import { XorChunkEncoder } from './xor-chunk.js'
import { XorIterator } from './xor-iterator.js'

type Kind = 'counter' | 'gauge' | 'constant'

/** Scrape-like data at 15 s: counters with jittered increments, random-walk gauges, constants; optional ms jitter. */
function realistic(
  series: number,
  samples: number,
  kinds: Kind[],
  jitterMs: number,
): Array<{ ts: Float64Array; vs: Float64Array }> {
  let seed = 1
  const rand = (): number => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32
  const out = []
  for (let s = 0; s < series; s++) {
    const ts = new Float64Array(samples)
    const vs = new Float64Array(samples)
    const kind = kinds[s % kinds.length] as Kind
    let v = kind === 'counter' ? 1000 : 50
    for (let i = 0; i < samples; i++) {
      ts[i] = 1_700_000_000_000 + i * 15_000 + Math.floor(rand() * jitterMs)
      if (kind === 'counter') v += Math.floor(rand() * 20)
      else if (kind === 'gauge') v = Math.round((v + (rand() - 0.5) * 2) * 100) / 100
      vs[i] = v
    }
    out.push({ ts, vs })
  }
  return out
}

function encodeAll(data: Array<{ ts: Float64Array; vs: Float64Array }>): Uint8Array[] {
  const chunks: Uint8Array[] = []
  for (const { ts, vs } of data) {
    for (let i = 0; i < ts.length; i += 120) {
      const enc = new XorChunkEncoder()
      for (let j = i; j < Math.min(ts.length, i + 120); j++) enc.append(ts[j] as number, vs[j] as number)
      chunks.push(enc.bytes())
    }
  }
  return chunks
}

const datasets: Array<[string, Kind[], number]> = [
  ['counters, exact 15 s', ['counter'], 0],
  ['random-walk gauges, exact 15 s', ['gauge'], 0],
  ['mix 2 counters : 1 gauge : 1 constant, exact 15 s', ['counter', 'counter', 'gauge', 'constant'], 0],
  ['same mix with 0-4 ms timestamp jitter', ['counter', 'counter', 'gauge', 'constant'], 5],
]
for (const [name, kinds, jitter] of datasets) {
  const chunks = encodeAll(realistic(100, 1200, kinds, jitter))
  const bytes = chunks.reduce((a, c) => a + c.length, 0)
  console.log(`XOR chunks, ${name}: ${(bytes / 120_000).toFixed(3)} bytes/sample`)
}
const data = realistic(100, 1200, ['counter', 'counter', 'gauge', 'constant'], 0)
const chunks = encodeAll(data)

describe('XOR chunk, 120 samples', () => {
  const { ts, vs } = data[0] as { ts: Float64Array; vs: Float64Array }
  bench('encode', () => {
    const enc = new XorChunkEncoder()
    for (let j = 0; j < 120; j++) enc.append(ts[j] as number, vs[j] as number)
    enc.bytes()
  })
  const it = new XorIterator()
  const chunk = chunks[0] as Uint8Array
  bench('decode', () => {
    it.reset(chunk)
    while (it.next() === ValueType.Float) it.atF()
  })
})
