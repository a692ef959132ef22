import { fileURLToPath } from 'node:url'
import type { MetricFamily } from '@watchfire/model'
import { describe, expect, it } from 'vitest'
import { DEFAULT_PATHS } from '../paths.js'
import { legacyNames, NetdevCollector } from './netdev.js'

const paths = {
  ...DEFAULT_PATHS,
  procfs: fileURLToPath(new URL('../testdata/proc', import.meta.url)),
  sysfs: fileURLToPath(new URL('../testdata/sys', import.meta.url)),
}

function get(families: MetricFamily[], name: string, device: string): number | undefined {
  return families.find((f) => f.name === name)?.metrics.find((m) => m.labels.device === device)?.value
}

describe('NetdevCollector', () => {
  it('reports what netlink would: the folded link statistics plus receive_nohandler from sysfs', async () => {
    const families = await new NetdevCollector(paths).collect()
    expect(get(families, 'node_network_receive_bytes_total', 'eth0')).toBe(2000000)
    expect(get(families, 'node_network_receive_drop_total', 'eth0')).toBe(2)
    expect(get(families, 'node_network_receive_frame_total', 'eth0')).toBe(3)
    expect(get(families, 'node_network_receive_nohandler_total', 'eth0')).toBe(9)
    // A device without a sysfs entry still reports, with no packets lacking a handler.
    expect(get(families, 'node_network_receive_nohandler_total', 'my dev')).toBe(0)
    expect(families.find((f) => f.name === 'node_network_receive_bytes_total')).toMatchObject({
      type: 'counter',
      help: 'Network device statistic receive_bytes.',
    })
    expect(families).toHaveLength(17)
  })

  it('reads /proc/net/dev when netlink is off, device names with spaces included', async () => {
    const families = await new NetdevCollector(paths, { netlink: false, deviceExclude: '^lo$' }).collect()
    expect(families.find((f) => f.name === 'node_network_receive_bytes_total')?.metrics).toEqual([
      { labels: { device: 'eth0' }, value: 2000000 },
      { labels: { device: 'my dev' }, value: 500 },
    ])
    expect(get(families, 'node_network_receive_errs_total', 'eth0')).toBe(1)
    expect(get(families, 'node_network_receive_multicast_total', 'eth0')).toBe(40)
    expect(families).toHaveLength(16)
  })

  it.each([
    [{ deviceInclude: '^eth' }, ['eth0']],
    [{ deviceExclude: '^eth' }, ['lo', 'my dev']],
    [{}, ['lo', 'eth0', 'my dev']],
  ])('filters devices with %j', async (filter, devices) => {
    const families = await new NetdevCollector(paths, filter).collect()
    expect(families[0]?.metrics.map((m) => m.labels.device)).toEqual(devices)
  })

  it('maps every detailed key once', () => {
    const folded = legacyNames(
      new Map([
        ['transmit_carrier_errors', 1],
        ['transmit_aborted_errors', 2],
        ['transmit_window_errors', 3],
        ['collisions', 4],
      ]),
    )
    expect([...folded]).toEqual([
      ['transmit_colls', 4],
      ['transmit_carrier', 6],
    ])
  })
})
