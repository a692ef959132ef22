import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Labels, Matcher } from '@watchfire/model'
import { readAll } from '@watchfire/storage/conformance'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDB, type DB } from './db.js'

const ALL = [new Matcher('=~', '__name__', '.+')]
let dir: string
const open: DB[] = []
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchfire-snap-'))
})
afterEach(async () => {
  for (const db of open.splice(0)) await db.close()
  rmSync(dir, { recursive: true, force: true })
})

async function start(path: string): Promise<DB> {
  const db = await openDB(path, { logger: () => {} })
  open.push(db)
  return db
}

/** 4 h of one sample per 15 s for `series` series: compaction leaves one 2 h block and 2 h in the head. */
async function fill(db: DB, series: number): Promise<void> {
  for (let t = 0; t < 4 * 3_600_000; t += 15_000) {
    const app = db.appender()
    for (let s = 0; s < series; s++) app.append(0, Labels.fromRecord({ __name__: 'm', s: String(s) }), t, t)
    await app.commit()
  }
  await db.compact()
}

describe('DB.snapshot', () => {
  it.each([
    { withHead: true, samples: 3 * 960, blocks: 2 },
    { withHead: false, samples: 3 * 480, blocks: 1 },
  ])('withHead=$withHead holds $samples samples in $blocks blocks', async ({ withHead, samples, blocks }) => {
    const db = await start(join(dir, 'data'))
    await fill(db, 3)
    const snap = join(dir, 'snap')
    await db.snapshot(snap, withHead)
    expect(readdirSync(snap)).toHaveLength(blocks)
    const copy = await start(snap)
    const data = await readAll(copy, -Infinity, Infinity, ALL)
    expect(data.reduce((n, [, pts]) => n + pts.length, 0)).toBe(samples)
  })

  it('hard-links block files and keeps later deletions out of the snapshot', async () => {
    const db = await start(join(dir, 'data'))
    await fill(db, 2)
    const ulid = db.blocks()[0]?.ulid as string
    const snap = join(dir, 'snap')
    await db.snapshot(snap, false)
    expect(statSync(join(dir, 'data', ulid, 'index')).ino).toBe(statSync(join(snap, ulid, 'index')).ino)
    await db.deleteSeries(-Infinity, Infinity, new Matcher('=', 's', '0'))
    const copy = await start(snap)
    const data = await readAll(copy, -Infinity, Infinity, ALL)
    expect(data.map(([l]) => l)).toEqual(['{__name__="m", s="0"}', '{__name__="m", s="1"}'])
  })

  it('writes nothing for an empty database', async () => {
    const db = await start(join(dir, 'data'))
    await db.snapshot(join(dir, 'snap'), true)
    expect(readdirSync(join(dir, 'snap'))).toEqual([])
  })
})
