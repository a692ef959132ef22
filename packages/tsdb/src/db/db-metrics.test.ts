import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Labels, Matcher, type NativeHistogram } from '@watchfire/model'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDB, type DB } from './db.js'
import type { DBOptions } from './db-options.js'

const HOUR = 3_600_000
const STEP = 15_000
let dir: string
const open: DB[] = []
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchfire-db-metrics-'))
})
afterEach(async () => {
  for (const db of open.splice(0)) await db.close()
  rmSync(dir, { recursive: true, force: true })
})

async function start(options: DBOptions = {}): Promise<DB> {
  const db = await openDB(dir, { logger: () => {}, autoCompact: false, ...options })
  open.push(db)
  return db
}

async function restart(db: DB, options: DBOptions = {}): Promise<DB> {
  await db.close()
  open.splice(open.indexOf(db), 1)
  return start(options)
}

const hist = (n: number): NativeHistogram => ({
  schema: 0,
  zeroThreshold: 0.001,
  zeroCount: n,
  count: n,
  sum: n,
  positiveSpans: [],
  positiveBuckets: [],
  negativeSpans: [],
  negativeBuckets: [],
})

/** `series` float series, one sample each per step from `t0`, a commit per step. */
async function fill(db: DB, series: number, steps: number, t0 = 0): Promise<void> {
  for (let i = 0; i < steps; i++) {
    const app = db.appender()
    for (let s = 0; s < series; s++)
      app.append(0, Labels.fromRecord({ __name__: 'm', s: String(s) }), t0 + i * STEP, i)
    await app.commit()
  }
}

/** Appends one sample in its own batch; rejections are what is being counted, so they are swallowed. */
async function tryAppend(db: DB, name: string, t: number, h?: NativeHistogram): Promise<void> {
  const app = db.appender()
  try {
    if (h === undefined) app.append(0, Labels.fromRecord({ __name__: name }), t, 1)
    else app.appendHistogram(0, Labels.fromRecord({ __name__: name }), t, h)
    await app.commit()
  } catch {
    await app.rollback()
  }
}

describe('DB self-metrics', () => {
  it('counts head compaction, truncation, WAL checkpoint and the chunks written', async () => {
    const db = await start()
    await fill(db, 3, (4 * HOUR) / STEP)
    const before = db.stats()
    expect(before).toMatchObject({ compactions: 0, headTruncations: 0, reloads: 1, lowestTimestamp: 0 })
    expect(before.chunksCreated).toBe(before.headChunks)
    await db.compact()
    const after = db.stats()
    const meta = db.blocks()[0]
    expect(meta).toBeDefined()
    expect(after).toMatchObject({
      compactions: 1,
      // An explicit compact() is not a trigger (nor is it in Prometheus).
      compactionsTriggered: before.compactionsTriggered,
      headTruncations: 1,
      headTruncationsFailed: 0,
      walTruncations: 1,
      checkpoints: 1,
      checkpointDeletions: 1,
      reloads: 2,
      populatingBlock: 0,
      blocksLoaded: 1,
      lowestTimestamp: 0,
      walSegmentCurrent: before.walSegmentCurrent + 1,
    })
    expect(after.chunkSizeBytes.snapshot().count).toBe(meta?.stats.numChunks)
    expect(after.chunkSamples.snapshot().sum).toBe(meta?.stats.numSamples)
    expect(after.chunkRange.snapshot().count).toBe(meta?.stats.numChunks)
    expect(after.headGcSeconds.snapshot().count).toBe(1)
    expect(after.walTruncateSeconds.snapshot().count).toBe(1)
    expect(after.chunksRemoved).toBeGreaterThan(0)
    expect(after.chunksCreated - after.chunksRemoved).toBe(after.headChunks)
    // Symbols of 3 series: __name__, m, s, 0, 1, 2.
    expect(after.symbolTableSizeBytes).toBe('__name__ms012'.length)
  })

  it('counts skipped compactions while auto compaction is off', async () => {
    const db = await start()
    await fill(db, 1, (4 * HOUR) / STEP)
    const s = db.stats()
    expect(s.compactionsSkipped).toBeGreaterThan(0)
    expect(s.compactionsTriggered).toBe(s.compactionsSkipped)
    expect(s.compactions).toBe(0)
  })

  it('times tombstone clean-ups', async () => {
    const db = await start()
    await fill(db, 2, (4 * HOUR) / STEP)
    await db.compact()
    await db.deleteSeries(0, HOUR, new Matcher('=', 's', '1'))
    await db.cleanTombstones()
    expect(db.stats().tombstoneCleanupSeconds.snapshot().count).toBe(1)
    expect(db.stats().reloads).toBe(3)
  })

  it('splits appended and rejected samples by type, and tells too old from out of order', async () => {
    const db = await start({ outOfOrderTimeWindowMs: 10 * 60_000 })
    await tryAppend(db, 'f', HOUR)
    await tryAppend(db, 'h', HOUR, hist(1))
    await tryAppend(db, 'f', HOUR - 30 * 60_000) // beyond the 10 min window
    await tryAppend(db, 'h', HOUR - 60_000, hist(2)) // histograms are always in order
    await tryAppend(db, 'f', HOUR - 60_000) // within the window: accepted
    expect(db.stats()).toMatchObject({
      samplesAppended: 3,
      histogramSamplesAppended: 1,
      outOfOrderSamplesAppended: 1,
      tooOldSamples: 1,
      outOfOrderSamples: 0,
      histogramOutOfOrderSamples: 1,
    })
  })

  it('counts out-of-order floats as such without a window', async () => {
    const db = await start()
    await tryAppend(db, 'f', HOUR)
    await tryAppend(db, 'f', HOUR - 30 * 60_000)
    expect(db.stats()).toMatchObject({ outOfOrderSamples: 1, tooOldSamples: 0 })
  })

  it('follows open appenders', async () => {
    const db = await start()
    const a = db.appender()
    const b = db.appender()
    expect(db.stats().activeAppenders).toBe(2)
    await a.commit()
    await b.rollback()
    expect(db.stats().activeAppenders).toBe(0)
  })

  it('counts WAL page flushes, completed pages and fsyncs', async () => {
    const db = await start({ walFsyncIntervalMs: 0 })
    await fill(db, 200, 40)
    const s = db.stats()
    expect(s.walPageFlushes).toBeGreaterThanOrEqual(40)
    expect(s.walCompletedPages).toBeGreaterThan(0)
    const fsyncs = s.walFsyncSeconds.snapshot([0.5])
    expect(fsyncs.count).toBe(40)
    expect(fsyncs.quantiles[0]?.value).toBeGreaterThanOrEqual(0)
  })

  it('measures the replay at open and reports no chunk corruption on a clean restart', async () => {
    let db = await start()
    await fill(db, 3, 400)
    db = await restart(db)
    const s = db.stats()
    expect(s.dataReplayDurationSeconds).toBeGreaterThan(0)
    expect(s.mmapChunkCorruptions).toBe(0)
    expect(s.chunksCreated).toBe(s.headChunks)
  })
})
