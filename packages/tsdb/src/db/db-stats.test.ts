import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Labels, Matcher } from '@watchfire/model'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDB, type DB } from './db.js'

const HOUR = 3_600_000
const STEP = 15_000
let dir: string
const open: DB[] = []
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchfire-db-stats-'))
})
afterEach(async () => {
  for (const db of open.splice(0)) await db.close()
  rmSync(dir, { recursive: true, force: true })
})

async function start(): Promise<DB> {
  const db = await openDB(dir, { logger: () => {}, autoCompact: false })
  open.push(db)
  return db
}

/** The head's chunk count by a walk over every series. */
function walkedChunks(db: DB): number {
  // The head is private to the DB: reached the way a debugger would, for this cross-check only.
  const head = (db as unknown as { head: { allSeries(): Iterable<{ numChunks: number; samples: number }> } })
    .head
  let n = 0
  for (const s of head.allSeries()) n += s.numChunks + (s.samples > 0 ? 1 : 0)
  return n
}

async function fill(db: DB, series: number, steps: number, t0: number): Promise<void> {
  for (let i = 0; i < steps; i++) {
    const app = db.appender()
    for (let s = 0; s < series; s++)
      app.append(0, Labels.fromRecord({ __name__: 'm', s: String(s) }), t0 + i * STEP, i)
    await app.commit()
  }
}

const ingestOf = (db: DB): object => {
  const s = db.stats()
  return { headSeries: s.headSeries, samplesAppended: s.samplesAppended, headMaxTime: s.headMaxTime }
}

describe('DB counters kept incrementally', () => {
  it('ingestStats() and the chunk count agree with stats() and a full walk, across deletes, compaction and restart', async () => {
    let db = await start()
    await fill(db, 3, (4 * HOUR) / STEP, 0)
    expect(db.ingestStats()).toEqual(ingestOf(db))
    expect(db.ingestStats()).toMatchObject({ headSeries: 3, samplesAppended: (12 * HOUR) / STEP })
    expect(db.stats().headChunks).toBe(walkedChunks(db))

    await db.deleteSeries(0, HOUR, new Matcher('=', 's', '1'))
    await db.compact()
    expect(db.stats().blocksLoaded).toBe(1)
    expect(db.ingestStats()).toEqual(ingestOf(db))
    expect(db.stats().headChunks).toBe(walkedChunks(db))

    await db.close()
    open.splice(0)
    db = await start()
    // After a restart, chunks come back from the head chunk files and the WAL.
    expect(db.stats().headChunks).toBeGreaterThan(0)
    expect(db.stats().headChunks).toBe(walkedChunks(db))
    expect(db.ingestStats()).toEqual(ingestOf(db))
    await fill(db, 4, 3, 4 * HOUR)
    expect(db.stats().headChunks).toBe(walkedChunks(db))
    expect(db.ingestStats()).toEqual(ingestOf(db))
  })
})
