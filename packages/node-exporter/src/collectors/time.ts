import { readdir } from 'node:fs/promises'
import type { Collector } from '@watchfire/client'
import type { MetricFamily } from '@watchfire/model'
import { family, gauge, sample } from '../family.js'
import type { NodePaths } from '../paths.js'
import { sysFile } from '../paths.js'
import { fields, isNotFound, readText } from '../read-file.js'

/** The clock the collector reads, replaceable in tests. */
export interface Clock {
  nowMs(): number
  /** The local zone's abbreviation (`UTC`, `CET`) and offset east of UTC in seconds at `ms`. */
  zone(ms: number): { name: string; offsetSeconds: number }
}

// Built once: constructing an Intl formatter costs milliseconds, far more than formatting with it.
let zoneFormat: Intl.DateTimeFormat | undefined

/** The process's clock and local time zone. */
export const SYSTEM_CLOCK: Clock = {
  nowMs: () => Date.now(),
  zone(ms) {
    const d = new Date(ms)
    zoneFormat ??= new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' })
    const part = zoneFormat.formatToParts(d).find((p) => p.type === 'timeZoneName')
    return { name: part?.value ?? 'UTC', offsetSeconds: -d.getTimezoneOffset() * 60 }
  },
}

/** The `time` collector: system time, time zone offset, and the kernel's clock sources. */
export class TimeCollector implements Collector {
  constructor(
    private readonly paths: NodePaths,
    private readonly clock: Clock = SYSTEM_CLOCK,
  ) {}

  async collect(): Promise<MetricFamily[]> {
    const nowMs = this.clock.nowMs()
    const zone = this.clock.zone(nowMs)
    const available = family(
      'node_time_clocksource_available_info',
      "Available clocksources read from '/sys/devices/system/clocksource'.",
      'gauge',
      [],
    )
    const current = family(
      'node_time_clocksource_current_info',
      "Current clocksource read from '/sys/devices/system/clocksource'.",
      'gauge',
      [],
    )
    const dir = sysFile(this.paths, 'devices', 'system', 'clocksource')
    let entries: string[] = []
    try {
      entries = (await readdir(dir)).filter((n) => /^clocksource[0-9]/.test(n)).sort()
    } catch (err) {
      if (!isNotFound(err)) throw err
    }
    // Like procfs, the device label is the position in the sorted list, not the number in the name.
    const sources = await Promise.all(
      entries.map(async (name) => ({
        available: fields(await readText(`${dir}/${name}/available_clocksource`)),
        current: (await readText(`${dir}/${name}/current_clocksource`)).trim(),
      })),
    )
    sources.forEach((s, i) => {
      const device = String(i)
      for (const clocksource of s.available) available.metrics.push(sample(1, { clocksource, device }))
      current.metrics.push(sample(1, { clocksource: s.current, device }))
    })
    return [
      gauge('node_time_seconds', 'System time in seconds since epoch (1970).', nowMs / 1000),
      family('node_time_zone_offset_seconds', 'System time zone offset in seconds.', 'gauge', [
        sample(zone.offsetSeconds, { time_zone: zone.name }),
      ]),
      ...(sources.length > 0 ? [available, current] : []),
    ]
  }
}
