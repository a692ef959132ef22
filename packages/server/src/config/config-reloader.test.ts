import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ConfigReloader } from './config-reloader.js'
import type { Config } from './config-types.js'

describe('ConfigReloader', () => {
  let dir: string
  let file: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'watchfire-reload-'))
    file = join(dir, 'prometheus.yml')
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('applies a good file and keeps the old configuration when the new one is bad', async () => {
    const applied: Config[] = []
    const logs: string[] = []
    const reloader = new ConfigReloader(file, [(c) => void applied.push(c)], (m) => logs.push(m))
    await writeFile(file, 'scrape_configs:\n  - job_name: a\n')
    expect(await reloader.reload()).toBe(true)
    await writeFile(file, 'scrape_configs:\n  - job_name: a\n    scrape_interval: 5x\n')
    expect(await reloader.reload()).toBe(false)
    expect(applied.map((c) => c.scrapeConfigs.map((s) => s.jobName))).toEqual([['a']])
    expect(reloader.current?.scrapeConfigs[0]?.scrapeIntervalMs).toBe(60_000)
    expect(logs[1]).toContain('not a valid duration string: "5x"')
  })

  it('reloads on SIGHUP', async () => {
    const applied: Config[] = []
    const reloader = new ConfigReloader(file, [(c) => void applied.push(c)])
    await writeFile(file, 'global:\n  scrape_interval: 7s\n')
    const controller = new AbortController()
    reloader.reloadOnSighup(controller.signal)
    process.emit('SIGHUP', 'SIGHUP')
    await expect.poll(() => applied.length).toBe(1)
    expect(applied[0]?.global.scrapeIntervalMs).toBe(7000)
    controller.abort()
    expect(process.listenerCount('SIGHUP')).toBe(0)
  })
})
