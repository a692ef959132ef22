import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Labels, type NativeHistogram } from '@watchfire/model'
import { decodeRecord, lastCheckpoint, replayWal } from '@watchfire/tsdb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAgent, type RunningAgent } from './agent-server.js'
import { FakeReceiver } from './remote/fake-receiver.test-fixtures.js'

/** Timestamps of the samples the agent's WAL still holds (checkpoint, then segments). */
function walSampleTimes(walDir: string): number[] {
  const out: number[] = []
  const visitor = {
    series: () => {},
    sample: (_ref: number, t: number) => void out.push(t),
    histogram: (_ref: number, _t: number, _h: NativeHistogram) => {},
    tombstone: () => {},
  }
  const feed = (rec: Uint8Array): void => void decodeRecord(rec, visitor)
  const cp = lastCheckpoint(walDir)
  if (cp !== undefined) replayWal(cp.dir, 0, Infinity, feed)
  replayWal(walDir, cp === undefined ? 0 : cp.index + 1, Infinity, feed)
  return out.sort((a, b) => a - b)
}

const UP = Labels.fromRecord({ __name__: 'up', job: 'a' })

let dir: string
let receiver: FakeReceiver
let agent: RunningAgent
let receiverUp = false

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'watchfire-agent-rw-'))
  receiver = await FakeReceiver.start()
  receiver.reply = () => ({ status: receiverUp ? 204 : 503 })
  agent = await startAgent({
    config: {
      yaml: `remote_write:
  - url: ${receiver.url}
    queue_config: { batch_send_deadline: 20ms, min_backoff: 10ms, max_backoff: 50ms }
`,
    },
    storagePath: dir,
    minWalTimeMs: 1_000,
    maxWalTimeMs: 3_600_000,
    // Truncations are driven by the test.
    truncateIntervalMs: 3_600_000,
    listenAddress: '127.0.0.1:0',
    log: () => undefined,
  })
})

afterAll(async () => {
  await agent.close()
  await receiver.close()
  rmSync(dir, { recursive: true, force: true })
})

/** A metric's value on the agent's /metrics (0 when absent). */
async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${agent.url}/metrics`)).text()
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
  return line === undefined ? 0 : Number(line.split(' ').at(-1))
}

async function until(what: string, holds: () => boolean | Promise<boolean>): Promise<void> {
  const end = Date.now() + 10_000
  while (!(await holds())) {
    if (Date.now() > end) throw new Error(`${what} never held`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

const untilMetric = (name: string, want: number): Promise<void> =>
  until(`${name} == ${want}`, async () => (await metric(name)) === want)

describe('agent WAL truncation with remote write', () => {
  it('keeps unsent data while the receiver is down and drops it once delivered', async () => {
    const t0 = Date.now() - 60_000
    const times = [0, 1, 2, 3].map((i) => t0 + i * 10_000)
    // One segment per sample: each truncation starts a new one (too few segments to condense yet).
    for (const [i, t] of times.entries()) {
      const app = agent.storage.appender()
      app.append(0, UP, t, i)
      await app.commit()
      if (i < times.length - 1) agent.storage.truncateNow()
    }
    expect(agent.storage.stats.truncations).toBe(0)
    // The queue has read everything and failed to send it.
    await untilMetric('prometheus_remote_storage_samples_pending', times.length)
    // Pending counts queued samples, so the first (failing) attempt may still be on its way.
    await until('a failed send attempt', () => receiver.requests.length > 0)
    agent.storage.truncateNow()
    // All of it is older than min-time (1 s) but unsent, so every sample is kept.
    expect(agent.storage.stats.truncations).toBe(1)
    expect(walSampleTimes(agent.storage.walDir)).toEqual(times)

    receiverUp = true
    const key = UP.toString()
    // The sender learns of the delivery just after the receiver records it.
    await untilMetric(
      'prometheus_remote_storage_queue_highest_sent_timestamp_seconds',
      (times[3] as number) / 1000,
    )
    // Three more cuts leave enough segments for the next checkpoint to cover the delivered ones.
    for (let i = 0; i < 3; i++) agent.storage.truncateNow()
    expect(agent.storage.stats.truncations).toBe(2)
    // Delivered up to times[3]: what is older than that minus min-time goes.
    expect(walSampleTimes(agent.storage.walDir)).toEqual([times[3]])
    expect(receiver.accepted.get(key)).toEqual(times)
  }, 30_000)
})
