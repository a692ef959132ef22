import type { Collector } from '@watchfire/client'
import type { LabelRecord, MetricFamily } from '@watchfire/model'
import { DeviceFilter } from '../device-filter.js'
import { ProcFileError } from '../errors.js'
import { FamilySet } from '../family.js'
import type { NodePaths } from '../paths.js'
import { procFile, sysFile } from '../paths.js'
import { fields, isNotFound, readText } from '../read-file.js'

/** Options of {@link NetdevCollector}. */
export interface NetdevCollectorOptions {
  deviceExclude?: string
  deviceInclude?: string
  /**
   * Report what node_exporter reads over netlink (`--collector.netdev.netlink`, default true): the
   * /proc/net/dev statistics plus `receive_nohandler`; false reports /proc/net/dev alone.
   */
  netlink?: boolean
}

/** Statistics of one device, by node_exporter's raw key. */
export type DeviceStats = Map<string, number>

// /proc/net/dev columns after the device name.
const PROC_COLUMNS = [
  'receive_bytes',
  'receive_packets',
  'receive_errors',
  'receive_dropped',
  'receive_fifo',
  'receive_frame',
  'receive_compressed',
  'receive_multicast',
  'transmit_bytes',
  'transmit_packets',
  'transmit_errors',
  'transmit_dropped',
  'transmit_fifo',
  'transmit_colls',
  'transmit_carrier',
  'transmit_compressed',
]

/** Parses /proc/net/dev: two header lines, then `name: 16 counters` per device (names may hold spaces). */
export function parseProcNetDev(text: string, path: string): Map<string, DeviceStats> {
  const out = new Map<string, DeviceStats>()
  for (const line of text.split('\n').slice(2)) {
    if (line.trim() === '') continue
    const colon = line.lastIndexOf(':')
    if (colon < 0) throw new ProcFileError(`cannot parse net/dev line ${JSON.stringify(line)}`, path)
    const name = line.slice(0, colon).trim()
    const values = fields(line.slice(colon + 1)).map(Number)
    if (values.length !== PROC_COLUMNS.length || values.some((v) => Number.isNaN(v))) {
      throw new ProcFileError(`cannot parse net/dev line ${JSON.stringify(line)}`, path)
    }
    out.set(name, new Map(PROC_COLUMNS.map((key, i) => [key, values[i] as number])))
  }
  return out
}

/**
 * Folds detailed statistics into node_exporter's classic names (its `legacy()`): e.g. missed errors count
 * as drops, length, overrun and CRC errors as frame errors.
 */
export function legacyNames(stats: DeviceStats): DeviceStats {
  const m = new Map(stats)
  const pop = (key: string): number | undefined => {
    const v = m.get(key)
    m.delete(key)
    return v
  }
  const popz = (key: string): number => pop(key) ?? 0
  const rename = (from: string, to: string, ...added: string[]): void => {
    const v = pop(from)
    if (v !== undefined) m.set(to, v + added.reduce((sum, k) => sum + popz(k), 0))
  }
  rename('receive_errors', 'receive_errs')
  rename('receive_dropped', 'receive_drop', 'receive_missed_errors')
  rename('receive_fifo_errors', 'receive_fifo')
  rename(
    'receive_frame_errors',
    'receive_frame',
    'receive_length_errors',
    'receive_over_errors',
    'receive_crc_errors',
  )
  rename('multicast', 'receive_multicast')
  rename('transmit_errors', 'transmit_errs')
  rename('transmit_dropped', 'transmit_drop')
  rename('transmit_fifo_errors', 'transmit_fifo')
  rename('collisions', 'transmit_colls')
  rename(
    'transmit_carrier_errors',
    'transmit_carrier',
    'transmit_aborted_errors',
    'transmit_heartbeat_errors',
    'transmit_window_errors',
  )
  return m
}

/** The `netdev` collector: `node_network_<statistic>_total{device}` per network interface. */
export class NetdevCollector implements Collector {
  private readonly filter: DeviceFilter
  private readonly netlink: boolean

  constructor(
    private readonly paths: NodePaths,
    options: NetdevCollectorOptions = {},
  ) {
    this.filter = new DeviceFilter(options.deviceExclude, options.deviceInclude, 'collector.netdev')
    this.netlink = options.netlink ?? true
  }

  async collect(): Promise<MetricFamily[]> {
    const devices = this.netlink ? await this.readWithNohandler() : await this.readProc()
    const out = new FamilySet()
    for (const [device, stats] of devices) {
      if (this.filter.ignored(device)) continue
      const labels: LabelRecord = Object.freeze({ device })
      for (const [key, value] of legacyNames(stats)) {
        out.add(`node_network_${key}_total`, `Network device statistic ${key}.`, 'counter', value, labels)
      }
    }
    return out.families()
  }

  private async readProc(): Promise<Map<string, DeviceStats>> {
    const path = procFile(this.paths, 'net', 'dev')
    return parseProcNetDev(await readText(path), path)
  }

  // /proc/net/dev prints the kernel's 64-bit link statistics already folded the way node_exporter folds
  // its netlink ones (drops with missed errors, frame with length, overrun and CRC errors, …); only
  // rx_nohandler is missing, read per device from sysfs. Two reads instead of two dozen per device.
  private async readWithNohandler(): Promise<Map<string, DeviceStats>> {
    const devices = await this.readProc()
    const dir = sysFile(this.paths, 'class', 'net')
    const names = [...devices.keys()].filter((n) => !this.filter.ignored(n))
    const nohandler = await Promise.all(
      names.map((n) => readStatistic(`${dir}/${n}/statistics/rx_nohandler`)),
    )
    names.forEach((name, i) => devices.get(name)?.set('receive_nohandler', nohandler[i] ?? 0))
    return devices
  }
}

async function readStatistic(path: string): Promise<number | undefined> {
  try {
    const n = Number((await readText(path)).trim())
    return Number.isNaN(n) ? undefined : n
  } catch (err) {
    if (isNotFound(err) || (err as { code?: unknown }).code === 'EINVAL') return undefined
    throw err
  }
}
