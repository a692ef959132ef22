import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { DEFAULT_PATHS } from '../paths.js'
import { VmstatCollector } from './vmstat.js'

const paths = { ...DEFAULT_PATHS, procfs: fileURLToPath(new URL('../testdata/proc', import.meta.url)) }

describe('VmstatCollector', () => {
  it('reports the default fields as untyped', async () => {
    const families = await new VmstatCollector(paths).collect()
    expect(families.map((f) => [f.name, f.metrics[0]?.value])).toEqual([
      ['node_vmstat_pgpgin', 1000],
      ['node_vmstat_pgpgout', 2000],
      ['node_vmstat_pswpin', 0],
      ['node_vmstat_pswpout', 0],
      ['node_vmstat_pgfault', 123456],
      ['node_vmstat_pgmajfault', 789],
      ['node_vmstat_oom_kill', 1],
    ])
    expect(families[0]).toMatchObject({ type: 'unknown', help: '/proc/vmstat information field pgpgin.' })
  })

  it('takes a field pattern', async () => {
    const families = await new VmstatCollector(paths, '^nr_').collect()
    expect(families.map((f) => f.name)).toEqual(['node_vmstat_nr_free_pages'])
  })
})
