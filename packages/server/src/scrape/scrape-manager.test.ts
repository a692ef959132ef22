import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Registry } from '@watchfire/client'
import { isStaleNaN, MemoryStorage, ValueType } from '@watchfire/storage'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseConfig } from '../config/load-config.js'
import { ScrapeCounters } from './scrape-counters.js'
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
  let requests = 0
  beforeEach(async () => {
    requests = 0
    server = createServer((_req, res) => {
      requests++
      res.writeHead(200, { 'Content-Type': 'text/plain' })
      res.end('a 1\n')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    address = `127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve))
  })

  const config = (jobs: string[], extra = '') =>
    parseConfig(
      `scrape_configs:\n${jobs.map((j) => `  - job_name: ${j}\n    scrape_interval: 100ms\n    scrape_timeout: 100ms\n${extra}`).join('')}`,
    )
  const groups = (...addresses: string[]) => [
    { source: '0', labels: {}, targets: addresses.map((a) => ({ __address__: a })) },
  ]
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

  it('scrapes discovered targets repeatedly and marks them stale when they go away', async () => {
    const storage = new MemoryStorage()
    const manager = new ScrapeManager(storage)
    const controller = new AbortController()
    const running = manager.run(controller.signal)
    await manager.applyConfig(config(['a']))
    await manager.sync(new Map([['a', groups(address)]]))
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
    expect(manager.activeTargets().get('a')).toEqual([])
    // Prometheus writes a vanished target's markers two intervals (and 10 %) later, not at once.
    expect((await upSamples(storage, 'a')).stale).toBe(0)
    await expect.poll(async () => (await upSamples(storage, 'a')).stale, { timeout: 3000 }).toBe(1)
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
    await expect
      .poll(async () => (await upSamples(storage, 'a')).values, { timeout: 3000 })
      .toBeGreaterThanOrEqual(1)
    controller.abort()
    await running
    // A removed job and a shutdown stop their pools: no markers, as in Prometheus 2.42.
    await sleep(300)
    expect((await upSamples(storage, 'b')).stale).toBe(0)
    expect((await upSamples(storage, 'a')).stale).toBe(0)
  })

  it('fails every target of a job over target_limit without scraping, as Prometheus does', async () => {
    const storage = new MemoryStorage()
    const registry = new Registry()
    const manager = new ScrapeManager(storage, { counters: new ScrapeCounters(registry) })
    const controller = new AbortController()
    const running = manager.run(controller.signal)
    await manager.applyConfig(config(['a'], '    target_limit: 1\n'))
    await manager.sync(new Map([['a', groups(address, `localhost:${address.split(':')[1]}`)]]))
    const targets = () => manager.activeTargets().get('a') ?? []
    expect(targets()).toHaveLength(2)
    await expect.poll(() => targets().every((t) => t.health === 'down'), { timeout: 3000 }).toBe(true)
    expect(targets().map((t) => t.lastError)).toEqual([
      'target_limit exceeded (number of targets: 2, limit: 1)',
      'target_limit exceeded (number of targets: 2, limit: 1)',
    ])
    expect(requests).toBe(0)
    expect(await registry.metrics()).toContain(
      'prometheus_target_scrape_pool_exceeded_target_limit_total 1\n',
    )
    await manager.sync(new Map([['a', groups(address)]]))
    await expect.poll(() => targets()[0]?.health, { timeout: 3000 }).toBe('up')
    expect(requests).toBeGreaterThan(0)
    controller.abort()
    await running
  })

  it.each([
    ['sample_limit (the cache is reused)', '    sample_limit: 10\n', 0],
    [
      'metric_relabel_configs (a fresh cache)',
      '    metric_relabel_configs: [{target_label: x, replacement: y}]\n',
      1,
    ],
  ])('restarts the loops when %s changes', async (_name, extra, oldSeriesMarked) => {
    const storage = new MemoryStorage()
    const manager = new ScrapeManager(storage)
    const controller = new AbortController()
    const running = manager.run(controller.signal)
    await manager.applyConfig(config(['a']))
    await manager.sync(new Map([['a', groups(address)]]))
    await expect
      .poll(async () => (await upSamples(storage, 'a')).values, { timeout: 3000 })
      .toBeGreaterThanOrEqual(2)
    await manager.applyConfig(config(['a'], extra))
    const before = (await upSamples(storage, 'a')).values
    await expect
      .poll(async () => (await upSamples(storage, 'a')).values, { timeout: 3000 })
      .toBeGreaterThanOrEqual(before + 4)
    // The old loop's end-of-run markers for `up` land behind the new loop's samples and are refused;
    // only a series the new config renames (`a` without x) is really ended.
    expect((await upSamples(storage, 'a')).stale).toBe(0)
    expect(await staleSeriesWithoutX(storage)).toBe(oldSeriesMarked)
    controller.abort()
    await running
  })
})

/** How many `a` series without the label x carry a staleness marker. */
async function staleSeriesWithoutX(storage: MemoryStorage): Promise<number> {
  const querier = await storage.querier(0, Number.MAX_SAFE_INTEGER)
  const set = querier.select(false, undefined)
  let n = 0
  while (set.next()) {
    const series = set.at()
    if (series.labels.metricName !== 'a' || series.labels.has('x')) continue
    const it = series.iterator()
    while (it.next() !== ValueType.None) if (isStaleNaN(it.atF())) n++
  }
  querier.close()
  return n
}
