import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Labels, Matcher, type NativeHistogram } from '@watchfire/model'
import { STALE_NAN } from '@watchfire/storage'
import { readAll } from '@watchfire/storage/conformance'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isUlid } from '../block/ulid.js'
import { listWalSegments } from '../wal/wal-dir.js'
import { walSegmentName } from '../wal/wal-format.js'
import { openDB, type DB } from './db.js'
import type { DBOptions } from './db-options.js'

const HOUR = 3_600_000
const ALL = [new Matcher('=~', '__name__', '.+')]
let dir: string
let logs: string[]
const open: DB[] = []
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchfire-db-'))
  logs = []
})
afterEach(async () => {
  for (const db of open.splice(0)) await db.close()
  rmSync(dir, { recursive: true, force: true })
})

async function start(options: DBOptions = {}): Promise<DB> {
  const db = await openDB(dir, { logger: (m) => logs.push(m), ...options })
  open.push(db)
  return db
}

function hist(i: number): NativeHistogram {
  return {
    schema: 0,
    zeroThreshold: 0.001,
    zeroCount: i,
    count: 3 * i,
    sum: i * 1.5,
    positiveSpans: [{ offset: 0, length: 2 }],
    positiveBuckets: [i, i],
    negativeSpans: [],
    negativeBuckets: [],
    counterResetHint: 'not-reset',
  }
}

/** Appends `batches` batches of one sample per series (every `stepMs`), floats for series 0..n-2 and a histogram for the last. */
async function fill(db: DB, series: number, batches: number, stepMs: number, t0 = 0): Promise<void> {
  for (let b = 0; b < batches; b++) {
    const app = db.appender()
    const t = t0 + b * stepMs
    for (let s = 0; s < series - 1; s++) {
      app.append(0, Labels.fromRecord({ __name__: 'm', s: String(s) }), t, b === 5 ? STALE_NAN : b * 10 + s)
    }
    app.appendHistogram(0, Labels.fromRecord({ __name__: 'h' }), t, hist(b + 1))
    await app.commit()
  }
}

function countSamples(data: [string, unknown[]][]): number {
  return data.reduce((n, [, pts]) => n + pts.length, 0)
}

describe('DB durability', () => {
  it('keeps every committed sample, stale markers and histograms across close and reopen', async () => {
    const db = await start()
    await fill(db, 5, 300, 1000)
    const before = await readAll(db, -Infinity, Infinity, ALL)
    expect(countSamples(before)).toBe(1500)
    await db.close()
    const again = await start()
    expect(await readAll(again, -Infinity, Infinity, ALL)).toEqual(before)
    expect(logs).toEqual([])
  })

  it('after a crash with a torn WAL tail keeps every batch committed before the torn record', async () => {
    const crashed = await openDB(dir, { logger: () => {} })
    await fill(crashed, 3, 50, 1000)
    const acknowledged = await readAll(crashed, -Infinity, Infinity, ALL)
    await fill(crashed, 3, 1, 1000, 50_000)
    // No close(): the process "dies" here. Tear the last record (the 51st batch) in half.
    const segs = listWalSegments(join(dir, 'wal'))
    const last = join(dir, 'wal', walSegmentName(segs.at(-1) as number))
    truncateSync(last, statSync(last).size - 20)
    const db = await start()
    // Each record stands alone (as in Prometheus): the torn batch's float record may survive, its
    // histogram record does not; everything acknowledged before it does.
    const recovered = await readAll(db, -Infinity, Infinity, ALL)
    const withoutTorn = recovered.map(([l, pts]) => [l, pts.filter(([t]) => t !== 50_000)])
    expect(withoutTorn).toEqual(acknowledged)
    expect(recovered.find(([l]) => l === '{__name__="h"}')?.[1].at(-1)?.[0]).toBe(49_000)
    expect(db.stats().walCorruptions).toBe(1)
    expect(logs.join('\n')).toMatch(/repaired WAL corruption in segment \d+/)
  })

  it('survives garbage written at the WAL tail', async () => {
    const crashed = await openDB(dir, { logger: () => {} })
    await fill(crashed, 3, 20, 1000)
    const acknowledged = await readAll(crashed, -Infinity, Infinity, ALL)
    const segs = listWalSegments(join(dir, 'wal'))
    const last = join(dir, 'wal', walSegmentName(segs.at(-1) as number))
    writeFileSync(last, Buffer.concat([readFileSync(last), Buffer.from([2, 0, 40, 1, 2, 3, 4, 9, 9])]))
    const db = await start()
    expect(await readAll(db, -Infinity, Infinity, ALL)).toEqual(acknowledged)
  })
})

describe('DB compaction', () => {
  it('compacts the head into 2 h blocks once it spans 1.5 ranges, checkpoints the WAL, and keeps every sample', async () => {
    const db = await start()
    await fill(db, 4, 4 * 240, 15_000) // 4 h at 15 s
    await db.compact()
    const blocks = db.blocks()
    expect(blocks.map((b) => [b.minTime, b.maxTime])).toEqual([[0, 2 * HOUR]])
    expect(blocks[0]?.stats.numSamples).toBe(4 * 480)
    expect(readdirSync(join(dir, 'wal')).some((n) => n.startsWith('checkpoint.'))).toBe(true)
    const all = await readAll(db, -Infinity, Infinity, ALL)
    expect(countSamples(all)).toBe(4 * 960)
    await db.close()
    const again = await start()
    expect(await readAll(again, -Infinity, Infinity, ALL)).toEqual(all)
    expect(again.stats().compactions).toBe(0)
  })

  it('merges level-1 blocks into a 3× block and rejects samples older than the newest block', async () => {
    const db = await start({ blockRangeMs: 1000, retentionMs: 0 })
    await fill(db, 2, 60, 100) // 6 s of data
    await db.compact()
    const metas = db.blocks()
    expect(metas.some((m) => m.compaction.level === 2 && m.maxTime - m.minTime === 3000)).toBe(true)
    expect(countSamples(await readAll(db, -Infinity, Infinity, ALL))).toBe(120)
    const late = db.appender()
    expect(() => late.append(0, Labels.fromRecord({ __name__: 'm', s: '0' }), 10, 1)).toThrow(/out of bounds/)
    await late.rollback()
    expect(db.stats().outOfBoundsSamples).toBe(1)
  })

  it('applies time retention and size retention', async () => {
    const db = await start({ blockRangeMs: 1000, retentionMs: 2500 })
    await fill(db, 2, 80, 100)
    await db.compact()
    const newest = Math.max(...db.blocks().map((b) => b.maxTime))
    expect(db.blocks().every((b) => newest - b.maxTime <= 2500)).toBe(true)
    expect(db.stats().timeRetentions).toBeGreaterThan(0)
    await db.close()
    open.length = 0
    const small = await start({ blockRangeMs: 1000, retentionMs: 0, retentionBytes: 1 })
    await small.compact()
    expect(small.blocks()).toEqual([])
    expect(small.stats().sizeRetentions).toBe(1)
  })
})

describe('DB deletion and damaged blocks', () => {
  it('hides deleted samples in head and blocks, across reopen, and cleanTombstones rewrites the blocks', async () => {
    const db = await start()
    await fill(db, 3, 4 * 240, 15_000)
    await db.compact()
    await db.deleteSeries(HOUR, 3 * HOUR, new Matcher('=', 's', '0'))
    const visible = async (d: DB): Promise<number> =>
      countSamples(await readAll(d, -Infinity, Infinity, [new Matcher('=', 's', '0')]))
    expect(await visible(db)).toBe(960 - 481)
    await db.close()
    const again = await start()
    expect(await visible(again)).toBe(960 - 481)
    await again.cleanTombstones()
    expect(again.blocks()[0]?.stats.numSamples).toBe(3 * 480 - 240)
    expect(await visible(again)).toBe(960 - 481)
  })

  it('refuses a block with a bad checksum, says which, and opens the rest', async () => {
    const db = await start()
    await fill(db, 3, 4 * 240, 15_000)
    await db.compact()
    const ulid = db.blocks()[0]?.ulid as string
    await db.close()
    open.length = 0
    const index = join(dir, ulid, 'index')
    const b = readFileSync(index)
    b[b.length - 10] = (b[b.length - 10] as number) ^ 0xff // inside the checksummed table of contents
    writeFileSync(index, b)
    const again = await start()
    expect(again.refusedBlocks.map((r) => r.dir)).toEqual([join(dir, ulid)])
    expect(logs.join('\n')).toContain(`refusing block ${join(dir, ulid)}`)
    expect(again.refusedBlocks[0]?.reason).toMatch(/checksum mismatch/)
    expect(countSamples(await readAll(again, -Infinity, Infinity, ALL))).toBe(3 * 480)
    expect(readdirSync(dir).filter(isUlid)).toEqual([ulid])
  })
})
