import { Labels } from '@watchfire/model'
import { MemoryStorage } from '@watchfire/storage'
import { describe, expect, it } from 'vitest'
import type { Value } from '../value.js'
import { Engine } from './engine.js'

/** One counter of deltas: 60 per minute, each sample starting where the previous one was taken. */
async function deltas(): Promise<MemoryStorage> {
  const store = new MemoryStorage()
  const app = store.appender()
  const labels = Labels.fromRecord({ __name__: 'requests_total' })
  for (let t = 60_000; t <= 600_000; t += 60_000) app.append(0, labels, t, 60, t - 60_000)
  await app.commit()
  return store
}

function values(v: Value): number[] {
  if (v.type !== 'vector') throw new Error(`expected vector, got ${v.type}`)
  return v.samples.map((s) => s.f)
}

describe('start timestamps in the engine', () => {
  const on = new Engine({ useStartTimestamps: true })
  const off = new Engine()

  it.each([
    ['increase(requests_total[5m])', on, [300]],
    ['increase(requests_total[5m])', off, [0]],
    ['resets(requests_total[5m])', on, [4]],
    ['irate(requests_total[5m])', on, [1]],
    ['start_timestamp(requests_total)', on, [540]],
    ['start_timestamp(requests_total offset 2m)', on, [420]],
    ['start_timestamp(requests_total)', off, []],
    ['start_timestamp((requests_total))', on, [540]],
    ['start_timestamp(requests_total * 1)', on, []],
    // A subquery's points carry no start timestamps.
    ['increase(requests_total[5m:1m])', on, [0]],
  ] as [string, Engine, number[]][])('%s', async (query, engine, want) => {
    const r = await engine.instantQuery(await deltas(), query, 600_000)
    expect(values(r.value)).toEqual(want)
  })
})
