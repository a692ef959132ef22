import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Labels } from '@watchfire/model'
import type { Appendable } from '@watchfire/storage'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startAgent } from './agent-server.js'
import { FakeReceiver, type Reply } from './remote/fake-receiver.test-fixtures.js'
import { startServer, type ServerComponent } from './server.js'

const SERIES = ['a', 'b', 'c'].map((s) => Labels.fromRecord({ __name__: 'm', s }))
const FINAL = Labels.fromRecord({ __name__: 'final_evaluation' })

interface Running {
  storage: Appendable
  close(): Promise<void>
}

type Mode = 'server' | 'agent'

let dir: string
let receiver: FakeReceiver

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wf-lifecycle-'))
  receiver = await FakeReceiver.start()
})

afterEach(async () => {
  await receiver.close()
  rmSync(dir, { recursive: true, force: true })
})

/**
 * A queue that sends only when flushed (a batch deadline and batch size nothing reaches here), so
 * what arrives was sent by the shutdown; a remote timeout longer than any flush deadline used.
 */
function configYaml(): string {
  return `remote_write:
  - url: ${receiver.url}
    remote_timeout: 30s
    queue_config: { batch_send_deadline: 1m, max_samples_per_send: 10000, min_backoff: 10ms, max_backoff: 20ms }
`
}

/** Starts a server or an agent; a server also gets a component that commits one last sample when stopped. */
async function start(mode: Mode, flushDeadlineMs?: number): Promise<Running> {
  const common = {
    config: { yaml: configYaml() },
    storagePath: join(dir, 'data'),
    listenAddress: '127.0.0.1:0',
    remoteFlushDeadlineMs: flushDeadlineMs,
    log: () => undefined,
  }
  if (mode === 'agent') {
    const agent = await startAgent(common)
    return { storage: agent.storage, close: () => agent.close() }
  }
  const server = await startServer({
    ...common,
    components: ({ appendable }) => [finalEvaluation(appendable)],
  })
  return { storage: server.db, close: () => server.close() }
}

/** Like a rule group's last evaluation: commits a sample as it stops. */
function finalEvaluation(appendable: Appendable): ServerComponent {
  return {
    applyConfig: () => undefined,
    run: async (signal) => {
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))
      await new Promise((resolve) => setTimeout(resolve, 20))
      const app = appendable.appender()
      app.append(0, FINAL, Date.now(), 1)
      await app.commit()
    },
  }
}

/** Commits `rounds` rounds of every series; returns the timestamps by series key. */
async function appendRounds(storage: Appendable, t0: number, rounds: number): Promise<Map<string, number[]>> {
  const want = new Map<string, number[]>()
  for (let r = 0; r < rounds; r++) {
    const app = storage.appender()
    for (const ls of SERIES) {
      app.append(0, ls, t0 + r * 1000, r)
      want.set(ls.toString(), [...(want.get(ls.toString()) ?? []), t0 + r * 1000])
    }
    await app.commit()
  }
  return want
}

/** The receiver's samples of SERIES (the final evaluation's series aside). */
function received(): Map<string, number[]> {
  return new Map([...receiver.accepted].filter(([key]) => key !== FINAL.toString()))
}

describe.each<Mode>(['server', 'agent'])('shutdown of the %s', (mode) => {
  it('sends every sample committed before it, the very last commit included', async () => {
    const running = await start(mode)
    const t0 = Date.now() - 60_000
    const want = await appendRounds(running.storage, t0, 20)
    // Committed right before the stop: no watcher poll comes between, only the shutdown reads it.
    const last = await appendRounds(running.storage, t0 + 20_000, 1)
    for (const [k, ts] of last) want.set(k, [...(want.get(k) ?? []), ...ts])
    await running.close()
    expect(received()).toEqual(want)
    if (mode === 'server') expect(receiver.accepted.get(FINAL.toString())).toHaveLength(1)
  })

  it.each<[string, Reply]>([
    ['hangs', { status: 204, delayMs: 10_000 }],
    ['answers 503', { status: 503 }],
  ])(
    'waits at most the flush deadline when the receiver %s, and the next start sends the rest',
    async (_, reply) => {
      const deadlineMs = 600
      receiver.reply = () => reply
      let running = await start(mode, deadlineMs)
      const want = await appendRounds(running.storage, Date.now() - 60_000, 10)
      const began = performance.now()
      await running.close()
      const tookMs = performance.now() - began
      expect(tookMs).toBeLessThan(deadlineMs + 1000)
      // A hanging request holds the shutdown until the deadline; a 503 ends the flush at once.
      if (reply.delayMs !== undefined) expect(tookMs).toBeGreaterThanOrEqual(deadlineMs - 50)
      expect(receiver.total).toBe(0)
      receiver.reply = () => ({ status: 204 })
      running = await start(mode, deadlineMs)
      await running.close()
      expect(received()).toEqual(want)
    },
  )
})
