import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FakeClock } from '../clock.js'
import { AmMatcher } from '../labels/matcher.js'
import { NotificationLog } from '../notify/nflog.js'
import { startAlertmanager } from '../server.js'
import { Silences } from '../silence/silences.js'
import { loadSnapshot, NFLOG_FILE, saveSnapshot, SILENCES_FILE } from './snapshot.js'

const HOUR = 3600_000
let dir = ''

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'watchfire-am-snapshot-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

function silence(silences: Silences, clock: FakeClock, endsInMs: number): string {
  return silences.set({
    matchers: [new AmMatcher('=~', 'job', 'node|db'), new AmMatcher('!=', 'env', 'dev')],
    startsAtMs: clock.now(),
    endsAtMs: clock.now() + endsInMs,
    createdBy: 'me',
    comment: 'why',
  })
}

describe('snapshot of silences and the notification log', () => {
  it('restores what it saved: matchers keep their behaviour, entries their times', async () => {
    const clock = new FakeClock()
    const silences = new Silences(clock, 24 * HOUR)
    const nflog = new NotificationLog(clock, 24 * HOUR)
    const id = silence(silences, clock, HOUR)
    nflog.log('hook/webhook/0', '{}:{alertname="A"}', ['aa', 'bb'], ['cc'])
    await saveSnapshot(dir, silences, nflog)

    const s2 = new Silences(clock, 24 * HOUR)
    const n2 = new NotificationLog(clock, 24 * HOUR)
    await loadSnapshot(dir, s2, n2)
    expect(s2.mutedBy({ job: 'db', env: 'prod' })).toEqual([id])
    expect(s2.mutedBy({ job: 'db', env: 'dev' })).toEqual([])
    expect(n2.get('hook/webhook/0', '{}:{alertname="A"}')).toEqual(
      nflog.get('hook/webhook/0', '{}:{alertname="A"}'),
    )
  })

  it('drops on load what outlived the retention while stopped', async () => {
    const clock = new FakeClock()
    const silences = new Silences(clock, 2 * HOUR)
    const nflog = new NotificationLog(clock, 2 * HOUR)
    const kept = silence(silences, clock, 10 * HOUR)
    silence(silences, clock, HOUR)
    nflog.log('hook/webhook/0', 'g', ['aa'], [])
    await saveSnapshot(dir, silences, nflog)

    await clock.advance(4 * HOUR)
    const s2 = new Silences(clock, 2 * HOUR)
    const n2 = new NotificationLog(clock, 2 * HOUR)
    await loadSnapshot(dir, s2, n2)
    expect(s2.all().map((s) => s.id)).toEqual([kept])
    expect(n2.size).toBe(0)
  })

  it('treats missing files as a first start and rejects a corrupt file', async () => {
    const clock = new FakeClock()
    const silences = new Silences(clock, HOUR)
    const nflog = new NotificationLog(clock, HOUR)
    await loadSnapshot(dir, silences, nflog)
    expect(silences.all()).toEqual([])
    await writeFile(join(dir, SILENCES_FILE), '{not json')
    await expect(loadSnapshot(dir, silences, nflog)).rejects.toThrow()
  })

  it('is written by a running server at the snapshot interval, not only on shutdown', async () => {
    const clock = new FakeClock()
    const configFile = join(dir, 'am.yml')
    await writeFile(configFile, 'route: { receiver: r }\nreceivers: [{ name: r }]\n')
    const am = await startAlertmanager({
      configFile,
      storagePath: join(dir, 'data'),
      listenAddress: '127.0.0.1:0',
      snapshotIntervalMs: 60_000,
      clock,
    })
    try {
      silence(am.core.silences, clock, HOUR)
      await expect(stat(join(dir, 'data', SILENCES_FILE))).rejects.toThrow()
      await clock.advance(60_000)
      await new Promise((r) => setTimeout(r, 50))
      expect((await stat(join(dir, 'data', SILENCES_FILE))).size).toBeGreaterThan(10)
      expect((await stat(join(dir, 'data', NFLOG_FILE))).isFile()).toBe(true)
    } finally {
      await am.close()
    }
  })
})
