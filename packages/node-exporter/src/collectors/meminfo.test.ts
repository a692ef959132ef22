import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { DEFAULT_PATHS } from '../paths.js'
import { MeminfoCollector, parseMeminfo } from './meminfo.js'

const paths = { ...DEFAULT_PATHS, procfs: fileURLToPath(new URL('../testdata/proc', import.meta.url)) }

describe('MeminfoCollector', () => {
  it.each([
    ['node_memory_MemTotal_bytes', 8048012 * 1024],
    ['node_memory_Active_anon_bytes', 20480 * 1024],
    ['node_memory_Inactive_file_bytes', 10240 * 1024],
    ['node_memory_HugePages_Total', 0],
    ['node_memory_Hugepagesize_bytes', 2048 * 1024],
  ])('reports %s', async (name, value) => {
    const f = (await new MeminfoCollector(paths).collect()).find((x) => x.name === name)
    expect(f?.type).toBe('gauge')
    expect(f?.help).toBe(`Memory information field ${name.slice('node_memory_'.length)}.`)
    expect(f?.metrics[0]?.value).toBe(value)
  })

  it.each(['MemTotal: lots kB', 'MemTotal: 1 kB extra'])('rejects the malformed line %j', (line) => {
    expect(() => parseMeminfo(`${line}\n`, '/proc/meminfo')).toThrow(/meminfo/)
  })
})
