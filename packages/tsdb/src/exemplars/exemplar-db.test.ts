import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Labels, Matcher } from '@watchfire/model'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDB } from '../db/db.js'
import { writeCheckpoint } from '../wal/checkpoint.js'
import { listWalSegments } from '../wal/wal-dir.js'

const labels = Labels.fromRecord({ __name__: 'requests_total', job: 'app' })
const byName = [[new Matcher('=', '__name__', 'requests_total')]]
let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'exemplars-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function appendWithExemplars(dbDir: string, maxExemplars: number): Promise<void> {
  const db = await openDB(dbDir, { maxExemplars, autoCompact: false })
  let sampleT = 10_000
  for (const [t, id] of [
    [1000, 'a'],
    [2000, 'b'],
    [2000, 'b'],
    [1500, 'old'],
  ] as const) {
    const app = db.appender()
    sampleT += 1000
    const ref = app.append(0, labels, sampleT, t / 1000)
    app.appendExemplar?.(ref, labels, { labels: { trace_id: id }, value: t / 1000, timestampMs: t })
    await app.commit()
  }
  await db.close()
}

describe('DB exemplars', () => {
  it('stores exemplars at commit, ignores repeats, counts out-of-order ones and replays them from the WAL', async () => {
    await appendWithExemplars(dir, 100)
    const db = await openDB(dir, { maxExemplars: 100, autoCompact: false })
    try {
      const got = db.selectExemplars(0, 10_000, byName)
      expect(got.map((r) => r.exemplars.map((e) => [e.labels.trace_id, e.timestampMs]))).toEqual([
        [
          ['a', 1000],
          ['b', 2000],
        ],
      ])
      expect(got[0]?.seriesLabels.equals(labels)).toBe(true)
      expect(db.exemplarStats().exemplarsInStorage).toBe(2)
      expect(db.selectExemplars(1500, 10_000, byName)[0]?.exemplars.length).toBe(1)
    } finally {
      await db.close()
    }
  })

  it('keeps nothing with max_exemplars 0', async () => {
    await appendWithExemplars(dir, 0)
    const db = await openDB(dir, { maxExemplars: 100, autoCompact: false })
    try {
      expect(db.selectExemplars(0, 10_000, byName)).toEqual([])
    } finally {
      await db.close()
    }
  })

  it('drops an uncommitted batch', async () => {
    const db = await openDB(dir, { maxExemplars: 10, autoCompact: false })
    try {
      const app = db.appender()
      const ref = app.append(0, labels, 1000, 1)
      app.appendExemplar?.(ref, labels, { labels: { trace_id: 'x' }, value: 1, timestampMs: 1000 })
      await app.rollback()
      expect(db.selectExemplars(0, 10_000, byName)).toEqual([])
    } finally {
      await db.close()
    }
  })
})

describe('checkpoint', () => {
  it.each([
    ['keeps exemplars of live series at or after mint', 0, true, ['a', 'b']],
    ['drops exemplars before mint', 1500, true, ['b']],
    ['drops exemplars of series no longer in the head', 0, false, []],
  ])('%s', async (_name, mint, live, want) => {
    await appendWithExemplars(dir, 100)
    const walDir = join(dir, 'wal')
    const segments = listWalSegments(walDir)
    writeCheckpoint(walDir, segments[segments.length - 1] as number, { keepSeries: () => live, mint })
    const db = await openDB(dir, { maxExemplars: 100, autoCompact: false })
    try {
      const got = db
        .selectExemplars(0, 10_000, byName)
        .flatMap((r) => r.exemplars.map((e) => e.labels.trace_id))
      expect(got).toEqual(want)
    } finally {
      await db.close()
    }
  })
})
