import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { isStaleNaN, MemoryStorage, ValueType } from '@watchfire/storage'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseConfig } from '../config/load-config.js'
import { ScrapeManager } from './scrape-manager.js'

/** Count of float samples and stale markers of `up` for a job. */
async function upSamples(storage: MemoryStorage, job: string): Promise<{ values: number; stale: number }> {
  const querier = await storage.querier(0, Number.MAX_SAFE_INTEGER)
  const set = querier.select(false, undefined)
  const out = { values: 0, stale: 0 }
  while (set.next()) {
    const series = set.at()
    if (series.labels.metricName !== 'up' || series.labels.get('job') !== job) continue
    const it = series.iterator()
    while (it.next() !== ValueType.None) {
      if (isStaleNaN(it.atF())) out.stale++
      else out.values++
    }
  }
  querier.close()
  return out
}

describe('ScrapeManager', () => {
  let server: Server
  let address: string
  beforeEach(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' })
      res.end('a 1\n')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    address = `127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve))
  })

  const config = (jobs: string[]) =>
    parseConfig(
      `scrape_configs:\n${jobs.map((j) => `  - job_name: ${j}\n    scrape_interval: 100ms\n    scrape_timeout: 100ms\n`).join('')}`,
    )

  it('scrapes discovered targets repeatedly and marks them stale when they go away', async () => {
    const storage = new MemoryStorage()
    const manager = new ScrapeManager(storage)
    const controller = new AbortController()
    const running = manager.run(controller.signal)
    await manager.applyConfig(config(['a']))
    await manager.sync(new Map([['a', [{ source: '0', labels: {}, targets: [{ __address__: address }] }]]]))
    expect(
      manager
        .activeTargets()
        .get('a')
        ?.map((t) => t.labels.get('instance')),
    ).toEqual([address])
    await expect
      .poll(async () => (await upSamples(storage, 'a')).values, { timeout: 3000 })
      .toBeGreaterThanOrEqual(3)
    await manager.sync(new Map([['a', []]]))
    expect((await upSamples(storage, 'a')).stale).toBe(1)
    expect(manager.activeTargets().get('a')).toEqual([])
    controller.abort()
    await running
  })

  it('stops the pools of jobs removed from the configuration and ignores unknown jobs', async () => {
    const storage = new MemoryStorage()
    const manager = new ScrapeManager(storage)
    const controller = new AbortController()
    const running = manager.run(controller.signal)
    await manager.applyConfig(config(['a', 'b']))
    await manager.sync(
      new Map([
        ['a', [{ source: '0', labels: {}, targets: [{ __address__: address }] }]],
        ['b', [{ source: '0', labels: {}, targets: [{ __address__: address }] }]],
        ['unknown', [{ source: '0', labels: {}, targets: [{ __address__: address }] }]],
      ]),
    )
    expect([...manager.activeTargets().keys()]).toEqual(['a', 'b'])
    await expect
      .poll(async () => (await upSamples(storage, 'b')).values, { timeout: 3000 })
      .toBeGreaterThanOrEqual(1)
    await manager.applyConfig(config(['a']))
    expect([...manager.activeTargets().keys()]).toEqual(['a'])
    expect((await upSamples(storage, 'b')).stale).toBe(1)
    await expect
      .poll(async () => (await upSamples(storage, 'a')).values, { timeout: 3000 })
      .toBeGreaterThanOrEqual(1)
    controller.abort()
    await running
    expect((await upSamples(storage, 'a')).stale).toBe(1)
  })
})
