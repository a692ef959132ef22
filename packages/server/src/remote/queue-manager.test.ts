import { Registry } from '@watchfire/client'
import { Labels } from '@watchfire/model'
import { uncompress } from 'snappyjs'
import { afterEach, describe, expect, it } from 'vitest'
import { decodeWriteRequest } from '../web/remote-write-decode.js'
import { DEFAULT_QUEUE } from './queue-config.js'
import { QueueManager } from './queue-manager.js'
import { RemoteWriteMetrics } from './remote-write-metrics.js'
import { SendTracker } from './send-tracker.js'
import { SeriesEntry } from './series-entry.js'
import { WalBatch } from './wal-batch.js'

const series = Array.from(
  { length: 50 },
  (_, i) => new SeriesEntry(i + 1, Labels.fromRecord({ __name__: 'm', i: String(i) }), 0),
)

let managers: QueueManager[] = []
afterEach(async () => {
  for (const m of managers) await m.stop()
  managers = []
})

/** A fake sender taking `delayMs` per request, recording what it was sent. */
function slowSender(delayMs: () => number): {
  send: (b: Uint8Array) => Promise<void>
  got: Map<string, number[]>
} {
  const got = new Map<string, number[]>()
  return {
    got,
    send: async (body) => {
      await new Promise((r) => setTimeout(r, delayMs()))
      for (const s of decodeWriteRequest(uncompress(body))) {
        const k = s.labels.toString()
        got.set(k, [...(got.get(k) ?? []), ...s.timestamps])
      }
    },
  }
}

function manager(
  send: (b: Uint8Array) => Promise<void>,
  ingested: () => { samples: number; highestMs: number },
  tracker: SendTracker,
): QueueManager {
  const m = new QueueManager({
    settings: {
      ...DEFAULT_QUEUE,
      maxShards: 8,
      capacity: 200,
      maxSamplesPerSend: 50,
      batchSendDeadlineMs: 5,
    },
    send,
    tracker,
    metrics: new RemoteWriteMetrics(new Registry()).forQueue('test', 'http://x'),
    log: () => undefined,
    ingest: ingested,
    shardUpdateIntervalMs: 50,
    flushDeadlineMs: 1000,
  })
  managers.push(m)
  return m
}

describe('QueueManager', () => {
  it('reshards up under load and back down when it drops, delivering every sample once, in order', async () => {
    const tracker = new SendTracker({ segment: 0, offset: 0 })
    let delayMs = 20
    const sender = slowSender(() => delayMs)
    let ingested = 0
    let t = 0
    const m = manager(sender.send, () => ({ samples: ingested, highestMs: t - 1 }), tracker)
    m.start()
    expect(m.numShards).toBe(1)
    const batch = new WalBatch()
    const value = new Float64Array(1)
    const seen: number[] = []
    const round = async (inflate: number): Promise<void> => {
      batch.clear()
      const seq = tracker.register(0, t + 1, series.length)
      for (const s of series) {
        value[0] = t
        batch.pushFloat(s, t, value, 0)
      }
      batch.stamp(0, batch.length, seq)
      // Storage reports more than this queue is handed, as if it took in a heavy load.
      ingested += series.length * inflate
      t++
      await m.append(batch)
    }
    for (const end = Date.now() + 1500; Date.now() < end;) {
      await round(20)
      seen.push(m.numShards)
    }
    const peak = Math.max(...seen)
    expect(peak).toBeGreaterThan(1)
    // A trickle with fast sends: the queue shrinks again.
    delayMs = 1
    for (const end = Date.now() + 4000; m.numShards >= peak && Date.now() < end;) {
      await round(1)
      await new Promise((r) => setTimeout(r, 20))
    }
    expect(m.numShards).toBeLessThan(peak)
    while (m.pending > 0) await new Promise((r) => setTimeout(r, 10))
    for (const s of series) {
      expect(sender.got.get(s.labels?.toString() ?? '')).toEqual(Array.from({ length: t }, (_, i) => i))
    }
    expect(tracker.open).toBe(0)
  }, 15_000)

  it('holds the watcher back while a shard is at capacity instead of dropping', async () => {
    const tracker = new SendTracker({ segment: 0, offset: 0 })
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const sent: number[] = []
    const m = manager(
      async (body) => {
        await gate
        for (const s of decodeWriteRequest(uncompress(body))) sent.push(...s.timestamps)
      },
      () => ({ samples: 0, highestMs: 0 }),
      tracker,
    )
    m.start()
    const batch = new WalBatch()
    const v = new Float64Array(1)
    const seq = tracker.register(0, 1, 500)
    for (let i = 0; i < 500; i++) batch.pushFloat(series[0] as SeriesEntry, i, v, 0)
    batch.stamp(0, 500, seq)
    let appended = false
    const appending = m.append(batch).then(() => (appended = true))
    await new Promise((r) => setTimeout(r, 100))
    expect(appended).toBe(false)
    expect(m.pending).toBe(200)
    release()
    await appending
    while (m.pending > 0) await new Promise((r) => setTimeout(r, 10))
    expect(sent).toEqual(Array.from({ length: 500 }, (_, i) => i))
    expect(tracker.committed).toEqual({ segment: 0, offset: 1 })
  })
})
