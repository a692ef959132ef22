import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Labels } from '@watchfire/model'
import { openDB, type DB } from '@watchfire/tsdb'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SendTracker } from './send-tracker.js'
import { SeriesEntry } from './series-entry.js'
import type { WalBatch } from './wal-batch.js'
import { WalWatcher, type WatcherSink } from './wal-watcher.js'

/** Records what the watcher queues; `gate` holds appends back (a full queue). */
class RecordingSink implements WatcherSink {
  readonly samples = new Map<string, number[]>()
  droppedCount = 0
  gate: Promise<void> | undefined

  makeSeries(ref: number, labels: Labels, segment: number): SeriesEntry {
    return new SeriesEntry(ref, labels.get('drop') === 'yes' ? undefined : labels, segment)
  }

  async append(b: WalBatch): Promise<void> {
    await this.gate
    for (let i = 0; i < b.length; i++) {
      const key = b.series[i]?.labels?.toString() ?? ''
      let ts = this.samples.get(key)
      if (ts === undefined) this.samples.set(key, (ts = []))
      ts.push(b.t[i] as number)
    }
  }

  dropped(n: number): void {
    this.droppedCount += n
  }

  get total(): number {
    let n = 0
    for (const ts of this.samples.values()) n += ts.length
    return n
  }
}

let dir: string
let db: DB
let controller: AbortController
const logs: string[] = []

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wf-watch-'))
  // Small blocks and segments: head compaction (and so checkpoints) every few rounds.
  db = await openDB(dir, { blockRangeMs: 10_000, walSegmentSizeBytes: 32 * 1024, logger: () => undefined })
  controller = new AbortController()
  logs.length = 0
})

afterEach(async () => {
  controller.abort()
  await db.close()
  rmSync(dir, { recursive: true, force: true })
})

function watch(sink: WatcherSink, tracker = new SendTracker({ segment: 0, offset: 0 })): WalWatcher {
  const w = new WalWatcher({
    walDir: join(dir, 'wal'),
    start: { segment: 0, offset: 0 },
    tracker,
    sink,
    sendHistograms: false,
    pollIntervalMs: 2,
    log: (m) => logs.push(m),
  })
  void w.run(controller.signal)
  return w
}

/** Round `r` at t = r s: `width` series live for ten rounds each, so old ones leave the head. */
async function appendRounds(from: number, to: number, want: Map<string, number[]>, width = 5): Promise<void> {
  for (let r = from; r < to; r++) {
    const app = db.appender()
    for (let k = 0; k < width; k++) {
      const ls = Labels.fromRecord({ __name__: 'm', s: String(Math.floor(r / 10) * width + k) })
      app.append(0, ls, r * 1000, r)
      const key = ls.toString()
      want.set(key, [...(want.get(key) ?? []), r * 1000])
    }
    app.append(0, Labels.fromRecord({ __name__: 'm', drop: 'yes' }), r * 1000, r)
    await app.commit()
  }
}

async function until(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 5))
  }
}

describe('WalWatcher', () => {
  it('follows segment cuts and checkpoints, every sample once, in order', async () => {
    const sink = new RecordingSink()
    const tracker = new SendTracker({ segment: 0, offset: 0 })
    const w = watch(sink, tracker)
    const want = new Map<string, number[]>()
    await appendRounds(0, 60, want)
    await db.compact()
    await until(() => sink.total === 60 * 5)
    expect(readdirSync(join(dir, 'wal')).some((n) => n.startsWith('checkpoint.'))).toBe(true)
    expect(sink.samples).toEqual(want)
    expect(sink.droppedCount).toBe(60)
    // Series that left the head before the last checkpoint are forgotten.
    expect(w.knownSeries.size).toBeLessThan(31)
    expect(w.position.segment).toBeGreaterThan(0)
    // Nothing was sent, so the committed position stops before the first samples record.
    expect(tracker.committed.segment).toBe(0)
    expect(tracker.open).toBeGreaterThan(60)
    expect(logs.filter((l) => l.includes('level=warn'))).toEqual([])
  })

  it('moves on when segments it has not read are checkpointed away, and says so', async () => {
    const sink = new RecordingSink()
    let release!: () => void
    sink.gate = new Promise((resolve) => (release = resolve))
    watch(sink)
    const want = new Map<string, number[]>()
    await appendRounds(0, 5, want, 200)
    await new Promise((r) => setTimeout(r, 50))
    await appendRounds(5, 60, want, 200)
    await db.compact()
    release()
    sink.gate = undefined
    // Samples of the skipped segments now live only in the checkpoint, which (like Prometheus)
    // the watcher reads for series only; what is appended from here on arrives.
    await appendRounds(60, 63, want, 200)
    await until(() => [...sink.samples.values()].some((ts) => ts.includes(62_000)))
    expect(logs.some((l) => l.includes('level=warn') && l.includes('not sent'))).toBe(true)
    for (const [key, ts] of sink.samples) {
      expect(new Set(ts).size, key).toBe(ts.length)
      expect(ts, key).toEqual([...ts].sort((a, b) => a - b))
    }
    expect(sink.total).toBeLessThan(60 * 200)
  }, 15_000)

  it('reads a checkpoint made while it lagged, so series named only in skipped segments resolve', async () => {
    const sink = new RecordingSink()
    let release!: () => void
    sink.gate = new Promise((resolve) => (release = resolve))
    watch(sink)
    const want = new Map<string, number[]>()
    // The watcher holds the first read (a full queue) while more segments fill up.
    await appendRounds(0, 2, want, 200)
    await new Promise((r) => setTimeout(r, 50))
    // Long-lived series whose series records land in segments the watcher will never read.
    const late = Array.from({ length: 20 }, (_, k) => Labels.fromRecord({ __name__: 'late', k: String(k) }))
    const appendLate = async (from: number, to: number): Promise<void> => {
      for (let r = from; r < to; r++) {
        const app = db.appender()
        for (const ls of late) app.append(0, ls, r * 1000, r)
        await app.commit()
      }
    }
    await appendRounds(2, 30, want, 200)
    await appendLate(25, 30)
    const segmentsBefore = readdirSync(join(dir, 'wal')).filter((n) => /^\d{8}$/.test(n))
    await appendRounds(30, 40, want, 200)
    await db.compact()
    const cp = readdirSync(join(dir, 'wal')).find((n) => n.startsWith('checkpoint.'))
    // The segments that named the late series are gone, folded into the checkpoint.
    expect(cp).toBeDefined()
    expect(Number(cp?.slice('checkpoint.'.length))).toBeGreaterThanOrEqual(Number(segmentsBefore.at(-1)))
    // Samples of the late series after the checkpoint refer to them by ref only.
    await appendLate(40, 43)
    release()
    sink.gate = undefined
    await until(() => (sink.samples.get(late[0]?.toString() ?? '') ?? []).includes(42_000))
    await new Promise((r) => setTimeout(r, 50))
    for (const ls of late)
      expect(sink.samples.get(ls.toString()), ls.toString()).toEqual([40_000, 41_000, 42_000])
    // Only the relabel-dropped series counts as dropped, no sample of an unknown ref.
    expect(sink.droppedCount).toBeLessThanOrEqual(40)
    expect(logs.some((l) => l.includes('level=warn') && l.includes('not sent'))).toBe(true)
  }, 15_000)
})
