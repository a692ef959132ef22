import { fileURLToPath } from 'node:url'
import type { MetricFamily } from '@watchfire/model'
import { describe, expect, it } from 'vitest'
import { DEFAULT_PATHS } from '../paths.js'
import { DiskstatsCollector } from './diskstats.js'

const paths = {
  ...DEFAULT_PATHS,
  procfs: fileURLToPath(new URL('../testdata/proc', import.meta.url)),
  udevData: fileURLToPath(new URL('../testdata/udev', import.meta.url)),
}

function get(families: MetricFamily[], name: string, device: string): number | undefined {
  return families.find((f) => f.name === name)?.metrics.find((m) => m.labels.device === device)?.value
}

describe('DiskstatsCollector', () => {
  it('leaves out partitions and loop devices by default', async () => {
    const families = await new DiskstatsCollector(paths).collect()
    const info = families.find((f) => f.name === 'node_disk_info')
    expect(info?.metrics.map((m) => m.labels.device)).toEqual(['vda', 'dm-0'])
  })

  it.each([
    ['node_disk_reads_completed_total', 1000],
    ['node_disk_read_bytes_total', 20000 * 512],
    ['node_disk_read_time_seconds_total', 0.5],
    ['node_disk_written_bytes_total', 40000 * 512],
    ['node_disk_io_now', 0],
    ['node_disk_io_time_weighted_seconds_total', 2],
    ['node_disk_discards_completed_total', 5],
    ['node_disk_discarded_sectors_total', 80],
    ['node_disk_flush_requests_total', 100],
    ['node_disk_flush_requests_time_seconds_total', 0.03],
  ])('reports %s for a 5.5+ kernel line', async (name, value) => {
    expect(get(await new DiskstatsCollector(paths).collect(), name, 'vda')).toBeCloseTo(value, 9)
  })

  it('reports only the columns an old kernel has', async () => {
    const families = await new DiskstatsCollector(paths).collect()
    expect(get(families, 'node_disk_io_time_weighted_seconds_total', 'dm-0')).toBeCloseTo(0.05, 9)
    expect(get(families, 'node_disk_discards_completed_total', 'dm-0')).toBeUndefined()
  })

  it('adds udev properties, values with spaces included', async () => {
    const families = await new DiskstatsCollector(paths).collect()
    const info = families.find((f) => f.name === 'node_disk_info')?.metrics[0]?.labels
    expect(info).toEqual({
      device: 'vda',
      major: '254',
      minor: '0',
      model: 'QEMU HARDDISK',
      path: '',
      revision: '',
      serial: 'XYZ 42',
      wwn: '',
    })
    expect(families.find((f) => f.name === 'node_disk_filesystem_info')?.metrics).toEqual([
      {
        labels: { device: 'vda', type: 'ext4', usage: 'filesystem', uuid: '1234-abcd', version: '1.0' },
        value: 1,
      },
    ])
    expect(get(families, 'node_disk_ata_write_cache', 'vda')).toBe(1)
    expect(get(families, 'node_disk_ata_rotation_rate_rpm', 'vda')).toBe(0)
    expect(families.some((f) => f.name === 'node_disk_ata_write_cache_enabled')).toBe(false)
  })

  it('takes an include pattern instead of the default exclude, and refuses both', async () => {
    const families = await new DiskstatsCollector(paths, { deviceInclude: '^(vda1|loop0)$' }).collect()
    expect(families.find((f) => f.name === 'node_disk_info')?.metrics.map((m) => m.labels.device)).toEqual([
      'vda1',
      'loop0',
    ])
    expect(() => new DiskstatsCollector(paths, { deviceInclude: 'a', deviceExclude: 'b' })).toThrow(
      /mutually exclusive/,
    )
  })
})
