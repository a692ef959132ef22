import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { DEFAULT_PATHS } from '../paths.js'
import { LoadavgCollector } from './loadavg.js'

const paths = { ...DEFAULT_PATHS, procfs: fileURLToPath(new URL('../testdata/proc', import.meta.url)) }

describe('LoadavgCollector', () => {
  it('reports the three load averages as gauges', async () => {
    const families = await new LoadavgCollector(paths).collect()
    expect(families.map((f) => [f.name, f.type, f.help, f.metrics[0]?.value])).toEqual([
      ['node_load1', 'gauge', '1m load average.', 0.52],
      ['node_load5', 'gauge', '5m load average.', 0.58],
      ['node_load15', 'gauge', '15m load average.', 0.59],
    ])
  })
})
