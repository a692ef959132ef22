import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Labels, type NativeHistogram } from '@watchfire/model'
import { ERR_OUT_OF_ORDER_SAMPLE } from '@watchfire/storage'
import { decodeRecord, lastCheckpoint, replayWal } from '@watchfire/tsdb'
import { afterEach, describe, expect, it } from 'vitest'
import { AgentStorage, ERR_WAL_ONLY } from './agent-storage.js'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'watchfire-agent-'))
  dirs.push(d)
  return d
}

const UP = Labels.fromRecord({ __name__: 'up', job: 'a' })
const OTHER = Labels.fromRecord({ __name__: 'other' })
const HIST: NativeHistogram = {
  schema: 0,
  zeroThreshold: 0,
  zeroCount: 0,
  count: 2,
  sum: 1,
  positiveSpans: [{ offset: 0, length: 1 }],
  positiveBuckets: [2],
  negativeSpans: [],
  negativeBuckets: [],
}

/** Everything the WAL holds, as remote write would read it: the checkpoint, then the segments. */
function walContents(walDir: string): string[] {
  const out: string[] = []
  const visitor = {
    series: (ref: number, labels: Labels) => out.push(`series ${ref} ${labels.toString()}`),
    sample: (ref: number, t: number, vs: Float64Array) => out.push(`sample ${ref} ${t} ${vs[0]}`),
    histogram: (ref: number, t: number, h: NativeHistogram) => out.push(`histogram ${ref} ${t} ${h.count}`),
    tombstone: () => {},
  }
  const cp = lastCheckpoint(walDir)
  if (cp !== undefined) replayWal(cp.dir, 0, Infinity, (rec) => void decodeRecord(rec, visitor))
  replayWal(walDir, cp === undefined ? 0 : cp.index + 1, Infinity, (rec) => void decodeRecord(rec, visitor))
  return out
}

describe('AgentStorage', () => {
  it('writes series and samples to the WAL on commit, nothing on rollback', async () => {
    const dir = tempDir()
    const storage = AgentStorage.open(dir)
    const app = storage.appender()
    const ref = app.append(0, UP, 1_000, 1)
    expect(app.append(ref, UP, 2_000, 2)).toBe(ref)
    app.appendHistogram(0, OTHER, 1_500, HIST)
    await app.commit()
    const dropped = storage.appender()
    dropped.append(0, Labels.fromRecord({ __name__: 'never' }), 3_000, 1)
    await dropped.rollback()
    storage.close()
    expect(walContents(join(dir, 'wal'))).toEqual([
      'series 1 {__name__="up", job="a"}',
      'series 2 {__name__="other"}',
      'sample 1 1000 1',
      'sample 1 2000 2',
      'histogram 2 1500 2',
    ])
    expect(storage.stats).toMatchObject({ activeSeries: 2, samplesAppended: 3, highestTimestamp: 2_000 })
  })

  it('refuses samples older than the newest committed one of their series', async () => {
    const storage = AgentStorage.open(tempDir())
    const app = storage.appender()
    app.append(0, UP, 2_000, 1)
    await app.commit()
    const late = storage.appender()
    expect(() => late.append(0, UP, 1_000, 1)).toThrow(ERR_OUT_OF_ORDER_SAMPLE)
    expect(late.append(0, UP, 2_000, 1)).toBe(1)
    expect(storage.stats.outOfOrderSamples).toBe(1)
    storage.close()
  })

  it('keeps series refs across a restart, so the WAL stays consistent for remote write', async () => {
    const dir = tempDir()
    const first = AgentStorage.open(dir)
    const app = first.appender()
    app.append(0, UP, 1_000, 1)
    await app.commit()
    first.close()
    const second = AgentStorage.open(dir)
    const again = second.appender()
    expect(() => again.append(0, UP, 500, 1)).toThrow(ERR_OUT_OF_ORDER_SAMPLE)
    expect(again.append(0, UP, 2_000, 2)).toBe(1)
    expect(again.append(0, OTHER, 2_000, 3)).toBe(2)
    await again.commit()
    second.close()
    expect(walContents(join(dir, 'wal')).filter((l) => l.startsWith('series'))).toEqual([
      'series 1 {__name__="up", job="a"}',
      'series 2 {__name__="other"}',
    ])
  })

  it('cannot be queried', async () => {
    const storage = AgentStorage.open(tempDir())
    await expect(storage.querier()).rejects.toBe(ERR_WAL_ONLY)
    storage.close()
  })

  it('truncates into a checkpoint, dropping series and samples older than the cut-off', async () => {
    const dir = tempDir()
    let now = 10_000_000
    let lowestSent = 0
    const storage = AgentStorage.open(dir, {
      minWalTimeMs: 1_000,
      maxWalTimeMs: 3_600_000,
      now: () => now,
      lowestSentTimestamp: () => lowestSent,
    })
    // Four segments: one per truncation, each holding a sample of `up`; `other` only in the first.
    for (let i = 0; i < 4; i++) {
      const app = storage.appender()
      app.append(0, UP, now, i)
      if (i === 0) app.append(0, OTHER, now, 9)
      await app.commit()
      if (i < 3) storage.truncateNow()
      now += 10_000
    }
    // Remote write has sent everything up to the third sample.
    lowestSent = 10_020_000 + 1_000
    storage.truncateNow()
    storage.close()
    const walDir = join(dir, 'wal')
    expect(lastCheckpoint(walDir)?.index).toBe(1)
    expect(readdirSync(walDir).sort()).toEqual(['00000002', '00000003', '00000004', 'checkpoint.00000001'])
    // `other` was dropped from memory; its series record stays while segments written before its
    // removal (up to 3) remain, as in Prometheus, but its old sample is gone.
    expect(walContents(walDir)).toEqual([
      'series 1 {__name__="up", job="a"}',
      'series 2 {__name__="other"}',
      'sample 1 10020000 2',
      'sample 1 10030000 3',
    ])
    expect(storage.stats.activeSeries).toBe(1)
    expect(existsSync(join(walDir, '00000000'))).toBe(false)
  })

  it('keeps at most max-time of data when remote write reports nothing sent', async () => {
    const dir = tempDir()
    let now = 10_000_000
    const storage = AgentStorage.open(dir, { minWalTimeMs: 0, maxWalTimeMs: 5_000, now: () => now })
    const app = storage.appender()
    app.append(0, UP, now, 1)
    await app.commit()
    now += 6_000
    storage.truncateNow()
    expect(storage.stats.activeSeries).toBe(0)
    storage.close()
  })
})
