import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { DEFAULT_PATHS } from '../paths.js'
import { StatCollector } from './stat.js'

const paths = { ...DEFAULT_PATHS, procfs: fileURLToPath(new URL('../testdata/proc', import.meta.url)) }

describe('StatCollector', () => {
  it.each([
    ['node_intr_total', 'counter', 123456],
    ['node_context_switches_total', 'counter', 987654],
    ['node_forks_total', 'counter', 4242],
    ['node_boot_time_seconds', 'gauge', 1700000000],
    ['node_procs_running', 'gauge', 3],
    ['node_procs_blocked', 'gauge', 1],
  ])('reports %s as a %s', async (name, type, value) => {
    const f = (await new StatCollector(paths).collect()).find((x) => x.name === name)
    expect(f?.type).toBe(type)
    expect(f?.metrics).toEqual([{ labels: {}, value }])
  })

  it('reports softirqs per vector only when asked', async () => {
    expect((await new StatCollector(paths).collect()).some((f) => f.name === 'node_softirqs_total')).toBe(
      false,
    )
    const f = (await new StatCollector(paths, { softirq: true }).collect()).find(
      (x) => x.name === 'node_softirqs_total',
    )
    expect(f?.metrics.map((m) => [m.labels.vector, m.value])).toEqual([
      ['hi', 1],
      ['timer', 2000],
      ['net_tx', 3],
      ['net_rx', 4],
      ['block', 5],
      ['block_iopoll', 0],
      ['tasklet', 6],
      ['sched', 7],
      ['hrtimer', 8],
      ['rcu', 2964],
    ])
  })

  it('fails when /proc/stat is missing', async () => {
    await expect(new StatCollector({ ...paths, procfs: '/nonexistent' }).collect()).rejects.toMatchObject({
      code: 'ENOENT',
    })
  })
})
