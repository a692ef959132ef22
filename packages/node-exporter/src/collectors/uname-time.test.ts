import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { DEFAULT_PATHS } from '../paths.js'
import { TimeCollector } from './time.js'
import { readUname, UnameCollector } from './uname.js'

const paths = {
  ...DEFAULT_PATHS,
  procfs: fileURLToPath(new URL('../testdata/proc', import.meta.url)),
  sysfs: fileURLToPath(new URL('../testdata/sys', import.meta.url)),
}

describe('UnameCollector', () => {
  it('labels node_uname_info with the uname fields', async () => {
    const fields = {
      sysname: 'Linux',
      release: '6.1.0',
      version: '#1 SMP',
      machine: 'x86_64',
      nodename: 'host with space',
      domainname: '(none)',
    }
    const [f] = await new UnameCollector(paths, async () => fields).collect()
    expect(f).toMatchObject({ name: 'node_uname_info', type: 'gauge' })
    expect(f?.metrics).toEqual([{ labels: fields, value: 1 }])
  })

  it('reads the NIS domain name from procfs', async () => {
    expect((await readUname(paths)).domainname).toBe('(none)')
    expect((await readUname({ ...paths, procfs: '/nonexistent' })).domainname).toBe('(none)')
  })
})

describe('TimeCollector', () => {
  const clock = { nowMs: () => 1_700_000_000_123, zone: () => ({ name: 'CET', offsetSeconds: 3600 }) }

  it('reports the time, the zone and the clock sources by position', async () => {
    const families = await new TimeCollector(paths, clock).collect()
    expect(families.map((f) => [f.name, f.metrics.map((m) => [m.labels, m.value])])).toEqual([
      ['node_time_seconds', [[{}, 1_700_000_000.123]]],
      ['node_time_zone_offset_seconds', [[{ time_zone: 'CET' }, 3600]]],
      [
        'node_time_clocksource_available_info',
        [
          [{ clocksource: 'tsc', device: '0' }, 1],
          [{ clocksource: 'kvm-clock', device: '0' }, 1],
          [{ clocksource: 'acpi_pm', device: '0' }, 1],
        ],
      ],
      ['node_time_clocksource_current_info', [[{ clocksource: 'tsc', device: '0' }, 1]]],
    ])
  })

  it('leaves the clock sources out when sysfs has none', async () => {
    const families = await new TimeCollector({ ...paths, sysfs: '/nonexistent' }, clock).collect()
    expect(families.map((f) => f.name)).toEqual(['node_time_seconds', 'node_time_zone_offset_seconds'])
  })
})
