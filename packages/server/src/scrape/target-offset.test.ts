import { Labels } from '@watchfire/model'
import { describe, expect, it } from 'vitest'
import {
  fnv1a64,
  labelsHash64,
  offsetSeedOf,
  scrapeOffsetMs,
  scrapeSlotNs,
  targetHash64,
} from './target-offset.js'

const target = (i: number): Labels =>
  Labels.fromRecord({ __address__: `host-${i}:9100`, instance: `host-${i}:9100`, job: 'node' })

describe('target offsets', () => {
  // The published FNV-1a 64 test vectors (Fowler, Noll, Vo).
  it.each([
    ['', 0xcbf29ce484222325n],
    ['a', 0xaf63dc4c8601ec8cn],
    ['foobar', 0x85944171f73967e8n],
  ])('fnv1a64(%j) matches the reference vector', (text, want) => {
    expect(fnv1a64(text)).toBe(want)
  })

  it('hashes label sets and targets over all 64 bits', () => {
    const hashes = Array.from({ length: 200 }, (_, i) =>
      targetHash64(target(i), `http://host-${i}:9100/metrics`),
    )
    expect(new Set(hashes).size).toBe(200)
    // A 32-bit hash would leave the high half empty.
    expect(hashes.some((h) => h >> 32n !== 0n)).toBe(true)
    expect(labelsHash64(target(1))).not.toBe(labelsHash64(target(2)))
    expect(targetHash64(target(1), 'http://a/metrics')).not.toBe(targetHash64(target(1), 'http://b/metrics'))
  })

  it('derives the server seed from host name and external labels', () => {
    const none = offsetSeedOf('box', Labels.fromRecord({}))
    expect(offsetSeedOf('box', Labels.fromRecord({}))).toBe(none)
    expect(offsetSeedOf('other', Labels.fromRecord({}))).not.toBe(none)
    expect(offsetSeedOf('box', Labels.fromRecord({ dc: 'eu' }))).not.toBe(none)
  })

  it.each([
    // [slot ms, interval ms, now ms, want]: time to the next boundary plus the slot, less an interval when over.
    [3000, 10_000, 100_000, 3000],
    [3000, 10_000, 101_000, 2000],
    [3000, 10_000, 104_000, 9000],
    // Now is exactly the slot: Prometheus waits a whole interval rather than scraping at once.
    [3000, 10_000, 103_000, 10_000],
    [0, 10_000, 100_000, 10_000],
    [9999, 10_000, 100_001, 9998],
  ])('slot %i ms of %i ms at %i ms is %i ms away', (slotMs, intervalMs, nowMs, want) => {
    expect(scrapeOffsetMs(slotMs * 1e6, intervalMs, nowMs)).toBe(want)
  })

  it('keeps each target on one slot whenever it starts and spreads targets evenly', () => {
    const intervalMs = 15_000
    const seed = offsetSeedOf('box', Labels.fromRecord({}))
    const buckets = new Array<number>(15).fill(0)
    for (let i = 0; i < 3000; i++) {
      const slot = scrapeSlotNs(targetHash64(target(i), `http://host-${i}:9100/metrics`), seed, intervalMs)
      expect(slot).toBeGreaterThanOrEqual(0)
      expect(slot).toBeLessThan(intervalMs * 1e6)
      const a = 1_700_000_000_123
      const b = 1_700_000_777_777
      expect((a + scrapeOffsetMs(slot, intervalMs, a)) % intervalMs).toBe(
        (b + scrapeOffsetMs(slot, intervalMs, b)) % intervalMs,
      )
      const second = Math.floor(slot / 1e9)
      buckets[second] = (buckets[second] ?? 0) + 1
    }
    // 200 expected per one-second bucket; a uniform spread stays well within ±30 %.
    for (const n of buckets) expect(n).toBeGreaterThan(140)
    for (const n of buckets) expect(n).toBeLessThan(260)
  })

  it('moves every slot with the seed, so two servers scrape a target at different times', () => {
    const h = targetHash64(target(7), 'http://host-7:9100/metrics')
    const a = scrapeSlotNs(h, offsetSeedOf('one', Labels.fromRecord({})), 15_000)
    const b = scrapeSlotNs(h, offsetSeedOf('two', Labels.fromRecord({})), 15_000)
    expect(a).not.toBe(b)
  })
})
