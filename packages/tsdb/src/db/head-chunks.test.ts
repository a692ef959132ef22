import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Labels, Matcher } from '@watchfire/model'
import { readAll } from '@watchfire/storage/conformance'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDB, type DB } from './db.js'
import type { DBOptions } from './db-options.js'

const HOUR = 3_600_000
const STEP = 15_000
const ALL = [new Matcher('=~', '__name__', '.+')]
let dir: string
let logs: string[]
const open: DB[] = []
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchfire-head-chunks-db-'))
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

/** One float series per `series` and one histogram series, a sample each every 15 s from `t0`. */
async function fill(db: DB, series: number, batches: number, t0 = 0): Promise<void> {
  for (let b = 0; b < batches; b++) {
    const app = db.appender()
    const t = t0 + b * STEP
    for (let s = 0; s < series; s++)
      app.append(0, Labels.fromRecord({ __name__: 'm', s: String(s) }), t, b * 10 + s)
    app.appendHistogram(0, Labels.fromRecord({ __name__: 'h' }), t, {
      schema: 0,
      zeroThreshold: 0.001,
      zeroCount: b,
      count: 3 * b,
      sum: b * 1.5,
      positiveSpans: [{ offset: 0, length: 2 }],
      positiveBuckets: [b, b],
      negativeSpans: [],
      negativeBuckets: [],
      counterResetHint: 'not-reset',
    })
    await app.commit()
  }
}

const headFiles = (): string[] => readdirSync(join(dir, 'chunks_head')).sort()
const count = (data: [string, unknown[]][]): number => data.reduce((n, [, pts]) => n + pts.length, 0)

describe('head chunks on disk', () => {
  it('writes full chunks to chunks_head and serves queries from them, buffered or flushed', async () => {
    const db = await start()
    await fill(db, 3, 600)
    const before = await readAll(db, -Infinity, Infinity, ALL)
    expect(count(before)).toBe(4 * 600)
    // 600 samples a series: 4 full chunks each on disk, the open one in memory.
    expect(db.stats().headChunks).toBe(4 * 5)
    await db.close()
    expect(headFiles()).toEqual(['000001'])
    expect(statSync(join(dir, 'chunks_head', '000001')).size).toBeGreaterThan(16 * 100)
    const again = await start()
    expect(await readAll(again, -Infinity, Infinity, ALL)).toEqual(before)
    expect(again.stats().headChunks).toBe(4 * 5)
  })

  it('re-attaches the chunks at restart instead of rebuilding them from the WAL, and compacts from them', async () => {
    const db = await start({ autoCompact: false })
    await fill(db, 2, 900)
    const before = await readAll(db, -Infinity, Infinity, ALL)
    await db.close()
    const sizes = headFiles().map((f) => statSync(join(dir, 'chunks_head', f)).size)
    const again = await start({ autoCompact: false })
    expect(await readAll(again, -Infinity, Infinity, ALL)).toEqual(before)
    await again.close()
    // Replay rebuilt no chunk: had it, their entries would be in a second file.
    expect(headFiles().map((f) => statSync(join(dir, 'chunks_head', f)).size)).toEqual(sizes)
    const third = await start({ autoCompact: false })
    await third.compact()
    expect(third.blocks().map((b) => [b.minTime, b.maxTime, b.stats.numSamples])).toEqual([
      [0, 2 * HOUR, 3 * 480],
    ])
    expect(await readAll(third, -Infinity, Infinity, ALL)).toEqual(before)
    expect(logs).toEqual([])
  })

  it.each<[string, (path: string) => void]>([
    [
      'a flipped byte',
      (path) => {
        const b = readFileSync(path)
        b[Math.floor(b.length / 2)] = (b[Math.floor(b.length / 2)] as number) ^ 0x5a
        writeFileSync(path, b)
      },
    ],
    ['a torn tail', (path) => writeFileSync(path, readFileSync(path).subarray(0, statSync(path).size - 50))],
    ['garbage instead of a header', (path) => writeFileSync(path, Buffer.alloc(64, 0xee))],
  ])('repairs %s in a head chunk file, logs it, and loses no sample', async (_title, damage) => {
    const db = await start()
    await fill(db, 3, 700)
    const before = await readAll(db, -Infinity, Infinity, ALL)
    await db.close()
    damage(join(dir, 'chunks_head', '000001'))
    const again = await start()
    expect(await readAll(again, -Infinity, Infinity, ALL)).toEqual(before)
    expect(logs.join('\n')).toMatch(/repaired head chunk file .*000001 at byte \d+/)
    expect(again.stats().mmapChunkCorruptions).toBe(1)
    await fill(again, 3, 10, 700 * STEP)
    expect(count(await readAll(again, -Infinity, Infinity, ALL))).toBe(4 * 710)
  })

  it('after a crash loses only unflushed chunk entries, whose samples the WAL brings back', async () => {
    const crashed = await openDB(dir, { logger: () => {} })
    await fill(crashed, 3, 700)
    const acknowledged = await readAll(crashed, -Infinity, Infinity, ALL)
    // No close(): the buffered entries never reach the file.
    const db = await start()
    expect(await readAll(db, -Infinity, Infinity, ALL)).toEqual(acknowledged)
  })

  it('deletes head chunk files once every chunk in them went into a block', async () => {
    const db = await start({ autoCompact: false })
    await fill(db, 2, 4 * 240)
    await db.compact()
    // The first file still holds the chunks after 2 h; a new one was started for later chunks.
    expect(headFiles()).toEqual(['000001', '000002'])
    await fill(db, 2, 3 * 240, 4 * 240 * STEP)
    await db.compact()
    expect(headFiles()).not.toContain('000001')
    expect(db.blocks().map((b) => b.minTime)).toEqual([0, 2 * HOUR])
    expect(count(await readAll(db, -Infinity, Infinity, ALL))).toBe(3 * 7 * 240)
  })

  it('never gives a new series the ref of chunks left in the files without a WAL series record', async () => {
    const db = await start()
    const app = db.appender()
    const old = Labels.fromRecord({ __name__: 'old' })
    let ref = 0
    for (let k = 0; k < 300; k++) ref = app.append(ref, old, k * STEP, k)
    await app.commit()
    await db.close()
    // The WAL is gone (a lost disk, say); the head chunk files still name the old series' ref.
    rmSync(join(dir, 'wal'), { recursive: true })
    const again = await start()
    const fresh = again.appender()
    const newRef = fresh.append(0, Labels.fromRecord({ __name__: 'new' }), 0, 1)
    await fresh.commit()
    expect(newRef).toBeGreaterThan(ref)
    await again.close()
    const third = await start()
    expect(await readAll(third, -Infinity, Infinity, ALL)).toEqual([['{__name__="new"}', [[0, 1]]]])
  })

  it('keeps an out-of-order sample inserted into a chunk already on disk across a crash', async () => {
    const crashed = await openDB(dir, { logger: () => {}, outOfOrderTimeWindowMs: 2 * HOUR })
    await fill(crashed, 1, 400)
    const app = crashed.appender()
    app.append(0, Labels.fromRecord({ __name__: 'm', s: '0' }), 10 * STEP + 1, 42)
    await app.commit()
    const acknowledged = await readAll(crashed, -Infinity, Infinity, ALL)
    expect(count(acknowledged)).toBe(2 * 400 + 1)
    const db = await start({ outOfOrderTimeWindowMs: 2 * HOUR })
    expect(await readAll(db, -Infinity, Infinity, ALL)).toEqual(acknowledged)
    await db.close()
    const again = await start()
    expect(await readAll(again, -Infinity, Infinity, ALL)).toEqual(acknowledged)
  })
})
