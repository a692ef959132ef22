import { describe, expect, it } from 'vitest'
import { EwmaRate, desiredShards, type ShardingInput } from './desired-shards.js'

const base: ShardingInput = {
  current: 4,
  min: 1,
  max: 50,
  inRate: 10_000,
  outRate: 10_000,
  droppedRate: 0,
  sendSecondsRate: 4,
  delaySeconds: 0,
}

describe('desiredShards', () => {
  it.each<[string, Partial<ShardingInput>, number]>([
    ['steady state keeps the count', {}, 4],
    ['within 30% keeps the count', { sendSecondsRate: 5 }, 4],
    ['slow sends grow it', { sendSecondsRate: 10 }, 10],
    ['a backlog grows it', { delaySeconds: 100 }, 24],
    ['capped at max', { sendSecondsRate: 400 }, 50],
    ['fast sends shrink it', { sendSecondsRate: 1 }, 1],
    ['never below min', { sendSecondsRate: 0.01, min: 2 }, 2],
    ['no shrinking while far behind', { sendSecondsRate: 1, delaySeconds: 11 }, 4],
    ['nothing sent: unchanged', { outRate: 0, sendSecondsRate: 100 }, 4],
    ['dropped samples do not need shards', { droppedRate: 10_000, sendSecondsRate: 20 }, 10],
  ])('%s', (_, change, want) => {
    expect(desiredShards({ ...base, ...change }).shards).toBe(want)
  })
})

describe('EwmaRate', () => {
  it('starts at the first non-zero interval and then moves a fifth of the way', () => {
    const r = new EwmaRate(10_000)
    r.tick()
    expect(r.rate).toBe(0)
    r.add(1000)
    r.tick()
    expect(r.rate).toBe(100)
    r.add(2000)
    r.tick()
    expect(r.rate).toBeCloseTo(120)
  })
})
