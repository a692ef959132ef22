import { stat } from 'node:fs/promises'
import type { Collector } from '@watchfire/client'
import type { LabelRecord, MetricFamily, MetricType } from '@watchfire/model'
import { DeviceFilter } from '../device-filter.js'
import { ProcFileError } from '../errors.js'
import { FamilySet } from '../family.js'
import type { NodePaths } from '../paths.js'
import { procFile } from '../paths.js'
import { fields, readText, readTextIfExists } from '../read-file.js'

/** node_exporter 1.5's default `--collector.diskstats.device-exclude`: partitions, RAM disks, loop devices. */
export const DEFAULT_DISKSTATS_DEVICE_EXCLUDE = '^(ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\\d+n\\d+p)\\d+$'

/** Options of {@link DiskstatsCollector}. */
export interface DiskstatsCollectorOptions {
  /** Default {@link DEFAULT_DISKSTATS_DEVICE_EXCLUDE} unless `deviceInclude` is set. */
  deviceExclude?: string
  deviceInclude?: string
}

const SECONDS_PER_TICK = 1 / 1000
const SECTOR_BYTES = 512

// The columns after major, minor and name, in /proc/diskstats order: name, help, type, scale.
const COLUMNS: ReadonlyArray<readonly [string, string, MetricType, number]> = [
  ['reads_completed_total', 'The total number of reads completed successfully.', 'counter', 1],
  ['reads_merged_total', 'The total number of reads merged.', 'counter', 1],
  ['read_bytes_total', 'The total number of bytes read successfully.', 'counter', SECTOR_BYTES],
  ['read_time_seconds_total', 'The total number of seconds spent by all reads.', 'counter', SECONDS_PER_TICK],
  ['writes_completed_total', 'The total number of writes completed successfully.', 'counter', 1],
  ['writes_merged_total', 'The number of writes merged.', 'counter', 1],
  ['written_bytes_total', 'The total number of bytes written successfully.', 'counter', SECTOR_BYTES],
  [
    'write_time_seconds_total',
    'This is the total number of seconds spent by all writes.',
    'counter',
    SECONDS_PER_TICK,
  ],
  ['io_now', 'The number of I/Os currently in progress.', 'gauge', 1],
  ['io_time_seconds_total', 'Total seconds spent doing I/Os.', 'counter', SECONDS_PER_TICK],
  [
    'io_time_weighted_seconds_total',
    'The weighted # of seconds spent doing I/Os.',
    'counter',
    SECONDS_PER_TICK,
  ],
  ['discards_completed_total', 'The total number of discards completed successfully.', 'counter', 1],
  ['discards_merged_total', 'The total number of discards merged.', 'counter', 1],
  // node_exporter 1.5 reports sectors here, unscaled.
  ['discarded_sectors_total', 'The total number of sectors discarded successfully.', 'counter', 1],
  [
    'discard_time_seconds_total',
    'This is the total number of seconds spent by all discards.',
    'counter',
    SECONDS_PER_TICK,
  ],
  ['flush_requests_total', 'The total number of flush requests completed successfully', 'counter', 1],
  [
    'flush_requests_time_seconds_total',
    'This is the total number of seconds spent by all flush requests.',
    'counter',
    SECONDS_PER_TICK,
  ],
]

const ATA: ReadonlyArray<readonly [string, string, string]> = [
  ['ID_ATA_WRITE_CACHE', 'node_disk_ata_write_cache', 'ATA disk has a write cache.'],
  [
    'ID_ATA_WRITE_CACHE_ENABLED',
    'node_disk_ata_write_cache_enabled',
    'ATA disk has its write cache enabled.',
  ],
  [
    'ID_ATA_ROTATION_RATE_RPM',
    'node_disk_ata_rotation_rate_rpm',
    'ATA disk rotation rate in RPMs (0 for SSDs).',
  ],
]

/** One /proc/diskstats line. */
export interface DiskstatsLine {
  major: string
  minor: string
  device: string
  /** The counters after the device name: 11 (before 4.18), 15 (discards) or 17 (flushes, 5.5+). */
  values: number[]
}

/** Parses /proc/diskstats. */
export function parseDiskstats(text: string, path: string): DiskstatsLine[] {
  const out: DiskstatsLine[] = []
  for (const line of text.split('\n')) {
    const parts = fields(line)
    if (parts.length === 0) continue
    if (parts.length < 14)
      throw new ProcFileError(`cannot parse diskstats line ${JSON.stringify(line)}`, path)
    const values = parts.slice(3).map(Number)
    if (values.some((v) => Number.isNaN(v))) {
      throw new ProcFileError(`cannot parse diskstats line ${JSON.stringify(line)}`, path)
    }
    out.push({ major: parts[0] as string, minor: parts[1] as string, device: parts[2] as string, values })
  }
  return out
}

/** Parses a udev database entry (`E:KEY=value` lines are device properties). */
export function parseUdevProperties(text: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const line of text.split('\n')) {
    if (!line.startsWith('E:')) continue
    const eq = line.indexOf('=')
    if (eq > 2) out.set(line.slice(2, eq), line.slice(eq + 1))
  }
  return out
}

/**
 * The `diskstats` collector: I/O counters per block device from /proc/diskstats, with `node_disk_info`
 * and, where udev's database is readable, filesystem, device-mapper and ATA properties.
 */
export class DiskstatsCollector implements Collector {
  private readonly filter: DeviceFilter
  // Checked once, as node_exporter checks at startup: most containers have no udev database.
  private udevPresent: Promise<boolean> | undefined

  constructor(
    private readonly paths: NodePaths,
    options: DiskstatsCollectorOptions = {},
  ) {
    const exclude =
      options.deviceExclude ?? (options.deviceInclude ? undefined : DEFAULT_DISKSTATS_DEVICE_EXCLUDE)
    this.filter = new DeviceFilter(exclude, options.deviceInclude, 'collector.diskstats')
  }

  async collect(): Promise<MetricFamily[]> {
    const path = procFile(this.paths, 'diskstats')
    const disks = parseDiskstats(await readText(path), path).filter((d) => !this.filter.ignored(d.device))
    const udev = await Promise.all(disks.map((d) => this.udev(d)))
    const out = new FamilySet()
    disks.forEach((d, i) => {
      const info = udev[i] as Map<string, string>
      const p = (key: string): string => info.get(key) ?? ''
      const device: LabelRecord = Object.freeze({ device: d.device })
      out.add('node_disk_info', 'Info of /sys/block/<block_device>.', 'gauge', 1, {
        device: d.device,
        major: d.major,
        minor: d.minor,
        model: p('ID_MODEL'),
        path: p('ID_PATH'),
        revision: p('ID_REVISION'),
        serial: p('ID_SERIAL_SHORT'),
        wwn: p('ID_WWN'),
      })
      d.values.forEach((v, j) => {
        const column = COLUMNS[j]
        if (column !== undefined)
          out.add(`node_disk_${column[0]}`, column[1], column[2], v * column[3], device)
      })
      if (p('ID_FS_TYPE') !== '') {
        out.add('node_disk_filesystem_info', 'Info about disk filesystem.', 'gauge', 1, {
          device: d.device,
          type: p('ID_FS_TYPE'),
          usage: p('ID_FS_USAGE'),
          uuid: p('ID_FS_UUID'),
          version: p('ID_FS_VERSION'),
        })
      }
      if (p('DM_NAME') !== '') {
        out.add('node_disk_device_mapper_info', 'Info about disk device mapper.', 'gauge', 1, {
          device: d.device,
          lv_layer: p('DM_LV_LAYER'),
          lv_name: p('DM_LV_NAME'),
          name: p('DM_NAME'),
          uuid: p('DM_UUID'),
          vg_name: p('DM_VG_NAME'),
        })
      }
      if (p('ID_ATA') !== '') {
        for (const [key, name, help] of ATA) {
          const value = info.get(key)
          if (value !== undefined && value !== '' && !Number.isNaN(Number(value))) {
            out.add(name, help, 'gauge', Number(value), device)
          }
        }
      }
    })
    return out.families()
  }

  private async udev(d: DiskstatsLine): Promise<Map<string, string>> {
    this.udevPresent ??= stat(this.paths.udevData).then(
      (s) => s.isDirectory(),
      () => false,
    )
    if (!(await this.udevPresent)) return new Map()
    try {
      const text = await readTextIfExists(`${this.paths.udevData}/b${d.major}:${d.minor}`)
      return text === undefined ? new Map() : parseUdevProperties(text)
    } catch {
      // An unreadable udev entry only costs the optional labels.
      return new Map()
    }
  }
}
