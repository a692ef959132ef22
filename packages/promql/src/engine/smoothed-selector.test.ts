import { Labels } from '@watchfire/model'
import { MemoryStorage, STALE_NAN } from '@watchfire/storage'
import { describe, expect, it } from 'vitest'
import { Engine } from './engine.js'

const engine = new Engine({ annotationPositions: false })

async function storeSeries(points: [number, number | 'stale'][]): Promise<MemoryStorage> {
  const s = new MemoryStorage()
  const app = s.appender()
  let ref = 0
  // A stale marker written into a plain array would lose its NaN payload, so it is named instead.
  for (const [t, v] of points)
    ref = app.append(ref, Labels.fromRecord({ __name__: 'm' }), t, v === 'stale' ? STALE_NAN : v)
  await app.commit()
  return s
}

describe('smoothed instant selectors', () => {
  const data = storeSeries([
    [10_000, 1],
    [20_000, 3],
    [30_000, 'stale'],
    [40_000, 9],
  ])
  it.each([
    ['before the first sample', 5_000, undefined],
    ['exactly on a sample', 10_000, 1],
    ['between two samples', 15_000, 2],
    ['across a stale marker (stale markers are skipped)', 30_000, 6],
    ['after the last sample (carried forward)', 100_000, 9],
  ])('%s', async (_name, t, want) => {
    const r = await engine.instantQuery(await data, 'm smoothed', t)
    if (r.value.type !== 'vector') throw new Error('expected a vector')
    expect(r.value.samples[0]?.f).toBe(want)
  })

  it('interpolates at the offset data time', async () => {
    const r = await engine.instantQuery(await data, 'm offset 5s smoothed', 20_000)
    if (r.value.type !== 'vector') throw new Error('expected a vector')
    expect(r.value.samples[0]?.f).toBe(2)
  })
})
