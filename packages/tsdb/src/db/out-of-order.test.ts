import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Labels, Matcher } from '@watchfire/model'
import {
  ERR_DUPLICATE_SAMPLE_FOR_TIMESTAMP,
  ERR_OUT_OF_BOUNDS,
  ERR_OUT_OF_ORDER_SAMPLE,
} from '@watchfire/storage'
import { readAll, type Point } from '@watchfire/storage/conformance'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDB, type DB } from './db.js'
import type { DBOptions } from './db-options.js'

const MIN = 60_000
const RANGE = 20 * MIN
const ALL = [new Matcher('=~', '__name__', '.+')]
const A = Labels.fromRecord({ __name__: 'a' })
const B = Labels.fromRecord({ __name__: 'b' })

let dir: string
const opened: DB[] = []
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchfire-ooo-'))
})
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close()
  rmSync(dir, { recursive: true, force: true })
})

async function open(options: DBOptions): Promise<DB> {
  const db = await openDB(dir, { autoCompact: false, blockRangeMs: RANGE, logger: () => {}, ...options })
  opened.push(db)
  return db
}

/** Commits one batch of [labels, t, v]; returns the first error thrown by append, if any. */
async function commit(db: DB, samples: [Labels, number, number][]): Promise<unknown> {
  const app = db.appender()
  try {
    for (const [ls, t, v] of samples) app.append(0, ls, t, v)
  } catch (err) {
    await app.rollback()
    return err
  }
  await app.commit()
  return undefined
}

/** `a` every 15 s for an hour, `b` only in its last 10 minutes: the in-order data every case starts from. */
async function seed(db: DB, expected: Map<string, Point[]>): Promise<void> {
  for (let t = 0; t < 60 * MIN; t += 15_000) {
    const batch: [Labels, number, number][] = [[A, t, t / 1000]]
    if (t >= 50 * MIN) batch.push([B, t, -t / 1000])
    expect(await commit(db, batch)).toBeUndefined()
    for (const [ls, bt, v] of batch) record(expected, ls, bt, v)
  }
}

function record(expected: Map<string, Point[]>, ls: Labels, t: number, v: number): void {
  const list = expected.get(ls.toString()) ?? []
  list.push([t, v])
  list.sort((x, y) => x[0] - y[0])
  expected.set(ls.toString(), list)
}

async function expectData(db: DB, expected: Map<string, Point[]>): Promise<void> {
  const want = [...expected].sort((x, y) => (x[0] < y[0] ? -1 : 1))
  expect(await readAll(db, -Infinity, Infinity, ALL)).toEqual(want)
}

describe('out-of-order window', () => {
  it('rejects and counts older samples when the window is 0 (the default)', async () => {
    const db = await open({})
    await seed(db, new Map())
    expect(await commit(db, [[A, 59 * MIN + 7_500, 1]])).toBe(ERR_OUT_OF_ORDER_SAMPLE)
    expect(db.stats().outOfOrderSamples).toBe(1)
    expect(db.stats().outOfOrderSamplesAppended).toBe(0)
  })

  it.each([
    ['inside the open chunk', A, 59 * MIN + 7_500],
    ['inside an older chunk of the same series', A, 31 * MIN + 7_500],
    ['before the series began, in the range of its first chunk', B, 45 * MIN],
    ['before the series began, in an earlier block range (a chunk of its own)', B, 35 * MIN],
  ])('inserts a sample %s, in time order', async (_name, ls, t) => {
    const db = await open({ outOfOrderTimeWindowMs: 30 * MIN })
    const expected = new Map<string, Point[]>()
    await seed(db, expected)
    expect(await commit(db, [[ls, t, 42]])).toBeUndefined()
    record(expected, ls, t, 42)
    await expectData(db, expected)
    expect(db.stats().outOfOrderSamplesAppended).toBe(1)
  })

  it('starts a chunk of its own between completed chunks of other block ranges', async () => {
    const db = await open({ outOfOrderTimeWindowMs: 30 * MIN })
    const expected = new Map<string, Point[]>()
    const C = Labels.fromRecord({ __name__: 'c' })
    expect(await commit(db, [[C, 0, 0]])).toBeUndefined()
    record(expected, C, 0, 0)
    await seed(db, expected)
    // A dense stretch in the last block range, cut into several completed chunks.
    for (let t = 45 * MIN; t < 50 * MIN; t += 1000) {
      expect(await commit(db, [[C, t, t]])).toBeUndefined()
      record(expected, C, t, t)
    }
    expect(await commit(db, [[C, 35 * MIN, 1]])).toBeUndefined()
    record(expected, C, 35 * MIN, 1)
    await expectData(db, expected)
  })

  it.each([
    [
      'older than the window (out of bounds: Prometheus says too old)',
      A,
      20 * MIN + 7_500,
      1,
      ERR_OUT_OF_BOUNDS,
    ],
    ['at an existing time with another value', A, 50 * MIN, 1, ERR_DUPLICATE_SAMPLE_FOR_TIMESTAMP],
    ['at an existing time with the same value (ignored)', A, 50 * MIN, 3000, undefined],
  ])('judges a sample %s', async (_name, ls, t, v, want) => {
    const db = await open({ outOfOrderTimeWindowMs: 30 * MIN })
    const expected = new Map<string, Point[]>()
    await seed(db, expected)
    expect(await commit(db, [[ls, t, v]])).toBe(want)
    await expectData(db, expected)
    expect(db.stats().outOfOrderSamplesAppended).toBe(0)
  })

  it('keeps older samples through a restart, compaction into blocks, and another restart', async () => {
    const options = { outOfOrderTimeWindowMs: 30 * MIN }
    let db = await open(options)
    const expected = new Map<string, Point[]>()
    await seed(db, expected)
    // One batch with two older samples of the same series, in order between themselves.
    const late: [Labels, number, number][] = [
      [A, 40 * MIN + 1, 7],
      [A, 40 * MIN + 2, 8],
      [B, 35 * MIN, 9],
      [B, 36 * MIN, 10],
      [A, 59 * MIN + 1, 11],
    ]
    expect(await commit(db, late)).toBeUndefined()
    for (const [ls, t, v] of late) record(expected, ls, t, v)
    await db.close()
    db = await open(options)
    await expectData(db, expected)
    await db.compact()
    expect(db.blocks().map((b) => [b.minTime, b.maxTime])).toEqual([
      [0, RANGE],
      [RANGE, 2 * RANGE],
    ])
    await expectData(db, expected)
    // Behind the newest block now: out of bounds, whatever the window says.
    expect(await commit(db, [[A, 2 * RANGE - 1, 1]])).toBe(ERR_OUT_OF_BOUNDS)
    await db.close()
    db = await open(options)
    await expectData(db, expected)
  })
})
