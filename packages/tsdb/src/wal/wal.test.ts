import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { WAL_PAGE_SIZE, walSegmentName } from './wal-format.js'
import { readWalSegment, replayWal } from './wal-reader.js'
import { listWalSegments } from './wal-dir.js'
import { WalWriter } from './wal-writer.js'
import { snappyDecode } from './snappy.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchfire-wal-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function record(i: number, size: number): Uint8Array {
  const b = new Uint8Array(size)
  for (let k = 0; k < size; k++) b[k] = (i * 31 + k) & 0xff
  return b
}

function readAll(): Uint8Array[] {
  const out: Uint8Array[] = []
  replayWal(dir, 0, Infinity, (r) => out.push(Uint8Array.from(r)))
  return out
}

describe('WAL writer and reader', () => {
  it.each([
    ['small records in one page', [10, 20, 30]],
    ['a record spanning pages (FIRST/MIDDLE/LAST)', [100, 3 * WAL_PAGE_SIZE + 17, 5]],
    ['a record filling a page exactly', [WAL_PAGE_SIZE - 7, 1]],
    ['an empty record', [0, 4]],
  ])('round-trips %s', (_title, sizes) => {
    const w = WalWriter.open(dir, { fsyncIntervalMs: 0 })
    const recs = sizes.map((s, i) => record(i, s))
    w.log(recs.slice(0, 1))
    w.log(recs.slice(1))
    w.close()
    expect(readAll()).toEqual(recs)
  })

  it('pads pages, cuts segments before a record that does not fit, and starts a new segment on open', () => {
    const w = WalWriter.open(dir, { segmentSizeBytes: 2 * WAL_PAGE_SIZE, fsyncIntervalMs: 0 })
    const recs = [record(1, 40_000), record(2, 30_000), record(3, 10)]
    w.log(recs)
    w.close()
    expect(listWalSegments(dir)).toEqual([0, 1])
    expect(statSync(join(dir, walSegmentName(0))).size).toBe(2 * WAL_PAGE_SIZE)
    const again = WalWriter.open(dir)
    expect(again.currentSegment).toBe(2)
    again.close()
    expect(readAll()).toEqual(recs)
  })

  it.each([
    ['cut inside the last record', (size: number) => truncateSync(seg0(), size - 3)],
    ['cut inside a fragment header', (size: number) => truncateSync(seg0(), size - 50_000 - 7 - 3)],
    ['garbage appended', () => appendFileSync(seg0(), Buffer.from('not a wal record'))],
    [
      'a flipped byte in the last record',
      () => {
        const b = readFileSync(seg0())
        b[b.length - 2] = (b[b.length - 2] as number) ^ 0xff
        rmSync(seg0())
        appendFileSync(seg0(), b)
      },
    ],
  ])('repairs a torn tail: %s', (_title, damage) => {
    const w = WalWriter.open(dir, { fsyncIntervalMs: 0 })
    const good = [record(1, 100), record(2, 40_000)]
    w.log(good)
    w.log([record(3, 50_000)])
    w.close()
    const size = statSync(seg0()).size
    damage(size)
    const out: Uint8Array[] = []
    const bad = replayWal(dir, 0, Infinity, (r) => out.push(Uint8Array.from(r)))
    expect(bad?.segment).toBe(0)
    expect(out.slice(0, 2)).toEqual(good)
    // After the repair the WAL reads cleanly and appends continue in a new segment.
    const clean: Uint8Array[] = []
    expect(replayWal(dir, 0, Infinity, (r) => clean.push(r))).toBeUndefined()
    expect(clean.length).toBe(out.length)
    const w2 = WalWriter.open(dir)
    w2.log([record(4, 10)])
    w2.close()
    expect(readAll().at(-1)).toEqual(record(4, 10))
  })

  it('reports a bad checksum with its offset', () => {
    const w = WalWriter.open(dir, { fsyncIntervalMs: 0 })
    w.log([record(1, 10), record(2, 10)])
    w.close()
    const b = readFileSync(seg0())
    b[7 + 10 + 7 + 3] = (b[7 + 10 + 7 + 3] as number) ^ 1
    const seen: number[] = []
    const res = readWalSegment(b, (r) => seen.push(r.length))
    expect(seen).toEqual([10])
    expect(res).toEqual({ validEnd: 17, corruption: { offset: 17, reason: 'checksum mismatch' } })
  })
})

describe('snappyDecode', () => {
  it.each<[string, number[], string]>([
    ['literal only', [5, 0x10, 104, 101, 108, 108, 111], 'hello'],
    // "abcabcabcabc": literal "abc" then a 1-byte-offset copy of length 9 at offset 3.
    ['overlapping copy', [12, 0x08, 97, 98, 99, ((9 - 4) << 2) | 1, 3], 'abcabcabcabc'],
    ['2-byte offset copy', [8, 0x0c, 119, 120, 121, 122, (3 << 2) | 2, 4, 0], 'wxyzwxyz'],
  ])('%s', (_title, bytes, want) => {
    expect(Buffer.from(snappyDecode(Uint8Array.from(bytes))).toString()).toBe(want)
  })

  it('refuses a copy before the start', () => {
    expect(() => snappyDecode(Uint8Array.from([4, (0 << 2) | 1, 9]))).toThrow(RangeError)
  })
})

function seg0(): string {
  return join(dir, walSegmentName(0))
}
