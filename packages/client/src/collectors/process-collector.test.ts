import { readFileSync, readdirSync } from 'node:fs'
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MetricFamily } from '@watchfire/model'
import { afterAll, describe, expect, it } from 'vitest'
import { ProcessCollector } from './process-collector.js'

function value(families: MetricFamily[], name: string): number | undefined {
  return families.find((f) => f.name === name)?.metrics[0]?.value
}

const onLinux = process.platform === 'linux'

describe('ProcessCollector', () => {
  const dirs: string[] = []
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
  })

  it('reports CPU time that adds up and grows', () => {
    const collector = new ProcessCollector()
    const before = collector.collect()
    const end = Date.now() + 30
    while (Date.now() < end) Math.sqrt(Math.random())
    const after = collector.collect()
    const user = value(after, 'process_cpu_user_seconds_total') as number
    const system = value(after, 'process_cpu_system_seconds_total') as number
    expect(value(after, 'process_cpu_seconds_total')).toBeCloseTo(user + system, 9)
    expect(value(after, 'process_cpu_seconds_total')).toBeGreaterThan(
      value(before, 'process_cpu_seconds_total') as number,
    )
    expect(after.find((f) => f.name === 'process_cpu_seconds_total')?.type).toBe('counter')
  })

  it('reports a start time close to the process start', () => {
    const start = value(new ProcessCollector().collect(), 'process_start_time_seconds') as number
    expect(start).toBeLessThan(Date.now() / 1000)
    expect(Math.abs(start - (Date.now() / 1000 - process.uptime()))).toBeLessThan(1)
  })

  it.runIf(onLinux)('agrees with the kernel on the start time', () => {
    // Field 22 of /proc/self/stat is the start in clock ticks (100 per second on Linux) after boot.
    const stat = readFileSync('/proc/self/stat', 'utf8')
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19])
    const bootTime = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1])
    const start = value(new ProcessCollector().collect(), 'process_start_time_seconds') as number
    expect(Math.abs(start - (bootTime + ticks / 100))).toBeLessThan(1.5)
  })

  it.runIf(onLinux)('reads memory and descriptors from /proc', () => {
    const families = new ProcessCollector().collect()
    const rss = value(families, 'process_resident_memory_bytes') as number
    expect(rss).toBeGreaterThan(0)
    // Same source as process.memoryUsage().rss, read a moment apart.
    expect(Math.abs(rss - process.memoryUsage().rss) / rss).toBeLessThan(0.25)
    expect(value(families, 'process_virtual_memory_bytes')).toBeGreaterThanOrEqual(rss)
    expect(value(families, 'process_heap_bytes')).toBeGreaterThan(0)
    const openFds = value(families, 'process_open_fds') as number
    // Test workers open and close descriptors concurrently: allow a little drift.
    expect(Math.abs(openFds - (readdirSync('/proc/self/fd').length - 1))).toBeLessThanOrEqual(2)
    expect(value(families, 'process_max_fds')).toBeGreaterThanOrEqual(openFds)
  })

  it('reads exact figures from a given proc directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'watchfire-proc-'))
    dirs.push(dir)
    await writeFile(
      join(dir, 'status'),
      'Name:\tnode\nVmSize:\t  2048 kB\nVmRSS:\t  1024 kB\nVmData:\t 512 kB\n',
    )
    await writeFile(
      join(dir, 'limits'),
      'Max open files            4096                 8192                 files\n',
    )
    await mkdir(join(dir, 'fd'))
    for (const fd of ['0', '1', '2', '3', '4', '5']) await writeFile(join(dir, 'fd', fd), '')
    const families = new ProcessCollector({ procDir: dir }).collect()
    expect(value(families, 'process_resident_memory_bytes')).toBe(1024 * 1024)
    expect(value(families, 'process_virtual_memory_bytes')).toBe(2048 * 1024)
    expect(value(families, 'process_heap_bytes')).toBe(512 * 1024)
    expect(value(families, 'process_open_fds')).toBe(5)
    expect(value(families, 'process_max_fds')).toBe(4096)
  })

  it('leaves out what /proc cannot tell instead of guessing', () => {
    const names = new ProcessCollector({ procDir: '/nonexistent/watchfire' }).collect().map((f) => f.name)
    expect(names).toEqual([
      'process_cpu_user_seconds_total',
      'process_cpu_system_seconds_total',
      'process_cpu_seconds_total',
      'process_start_time_seconds',
    ])
  })

  it('applies the prefix and constant labels', () => {
    const families = new ProcessCollector({ prefix: 'app_', labels: { service: 'api' } }).collect()
    expect(families.length).toBeGreaterThan(0)
    for (const family of families) {
      expect(family.name.startsWith('app_process_')).toBe(true)
      expect(family.metrics[0]?.labels).toEqual({ service: 'api' })
    }
  })

  it.each([
    ['a prefix with a dash', { prefix: 'my-app_' }],
    ['a label name with a dash', { labels: { 'a-b': 'x' } }],
    ['a reserved label name', { labels: { __name__: 'x' } }],
  ])('rejects %s', (_name, options) => {
    expect(() => new ProcessCollector(options)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_NAME' }))
  })
})
