import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { MetricFamily } from '@watchfire/model'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_PATHS } from '../paths.js'
import { CpuCollector } from './cpu.js'

const paths = { ...DEFAULT_PATHS, procfs: fileURLToPath(new URL('../testdata/proc', import.meta.url)) }

function value(families: MetricFamily[], name: string, labels: Record<string, string>): number | undefined {
  const f = families.find((x) => x.name === name)
  return f?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels[k] === v))?.value
}

describe('CpuCollector', () => {
  it.each([
    ['0', 'user', 100],
    ['0', 'idle', 2000],
    ['0', 'steal', 0.4],
    ['2', 'user', 201],
    ['2', 'system', 53],
    // cpu1 is offline (no line in /proc/stat): like procfs, its slot is kept with zeros.
    ['1', 'user', 0],
    ['1', 'idle', 0],
  ])('reports cpu %s mode %s in seconds', async (cpu, mode, seconds) => {
    const families = await new CpuCollector(paths).collect()
    expect(value(families, 'node_cpu_seconds_total', { cpu, mode })).toBeCloseTo(seconds, 9)
  })

  it('reports guest time per CPU unless disabled', async () => {
    const families = await new CpuCollector(paths).collect()
    expect(value(families, 'node_cpu_guest_seconds_total', { cpu: '2', mode: 'user' })).toBeCloseTo(0.12, 9)
    expect(value(families, 'node_cpu_guest_seconds_total', { cpu: '2', mode: 'nice' })).toBeCloseTo(0.03, 9)
    const without = await new CpuCollector(paths, { guest: false }).collect()
    expect(without.map((f) => f.name)).toEqual(['node_cpu_seconds_total'])
    expect(without[0]?.metrics).toHaveLength(3 * 8)
    expect(without[0]?.type).toBe('counter')
  })

  describe('with a changing /proc/stat', () => {
    let dir: string | undefined
    afterEach(async () => {
      if (dir !== undefined) await rm(dir, { recursive: true, force: true })
    })

    async function writeStat(lines: string): Promise<CpuCollector> {
      dir ??= await mkdtemp(join(tmpdir(), 'cpu-test-'))
      await mkdir(dir, { recursive: true })
      await writeFile(join(dir, 'stat'), lines)
      return new CpuCollector({ ...DEFAULT_PATHS, procfs: dir })
    }

    it('never lets a counter go backwards, but restarts a CPU whose idle time jumped back (hotplug)', async () => {
      const c = await writeStat('cpu0 1000 0 500 9000 0 0 0 0 0 0\n')
      await c.collect()
      await writeFile(join(dir as string, 'stat'), 'cpu0 990 0 510 8900 0 0 0 0 0 0\n')
      let families = await c.collect()
      expect(value(families, 'node_cpu_seconds_total', { cpu: '0', mode: 'user' })).toBe(10)
      expect(value(families, 'node_cpu_seconds_total', { cpu: '0', mode: 'system' })).toBe(5.1)
      expect(value(families, 'node_cpu_seconds_total', { cpu: '0', mode: 'idle' })).toBe(90)
      await writeFile(join(dir as string, 'stat'), 'cpu0 20 0 10 100 0 0 0 0 0 0\n')
      families = await c.collect()
      expect(value(families, 'node_cpu_seconds_total', { cpu: '0', mode: 'user' })).toBe(0.2)
      expect(value(families, 'node_cpu_seconds_total', { cpu: '0', mode: 'idle' })).toBe(1)
    })

    it('fails on a malformed line instead of reporting garbage', async () => {
      const c = await writeStat('cpu0 ten 0 0 0\n')
      await expect(c.collect()).rejects.toMatchObject({ code: 'ERR_PROC_FILE' })
    })
  })
})
