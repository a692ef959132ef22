import { statfs } from 'node:fs/promises'
import type { StatsFs } from 'node:fs'
import type { Collector } from '@watchfire/client'
import type { LabelRecord, MetricFamily } from '@watchfire/model'
import { family, sample } from '../family.js'
import type { Logger } from '../logger.js'
import { SILENT_LOGGER } from '../logger.js'
import type { NodePaths } from '../paths.js'
import { rootfsFile } from '../paths.js'
import { readMounts } from './mounts.js'

/** node_exporter 1.5's default `--collector.filesystem.mount-points-exclude`. */
export const DEFAULT_MOUNT_POINTS_EXCLUDE =
  '^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)'
/** node_exporter 1.5's default `--collector.filesystem.fs-types-exclude`. */
export const DEFAULT_FS_TYPES_EXCLUDE =
  '^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs)$'

/** The statfs call, replaceable so tests can simulate a hung NFS mount. */
export type StatfsFunction = (
  path: string,
) => Promise<Pick<StatsFs, 'bsize' | 'blocks' | 'bfree' | 'bavail' | 'files' | 'ffree'>>

/** Options of {@link FilesystemCollector}. */
export interface FilesystemCollectorOptions {
  mountPointsExclude?: string
  fsTypesExclude?: string
  /** How long a statfs may take before its mount is marked stuck (`--collector.filesystem.mount-timeout`); default 5 s. */
  mountTimeoutMs?: number
  statfs?: StatfsFunction
  logger?: Logger
}

const GAUGES = [
  ['node_filesystem_size_bytes', 'Filesystem size in bytes.'],
  ['node_filesystem_free_bytes', 'Filesystem free space in bytes.'],
  ['node_filesystem_avail_bytes', 'Filesystem space available to non-root users in bytes.'],
  ['node_filesystem_files', 'Filesystem total file nodes.'],
  ['node_filesystem_files_free', 'Filesystem total free file nodes.'],
  ['node_filesystem_readonly', 'Filesystem read-only status.'],
] as const
const DEVICE_ERROR_HELP = 'Whether an error occurred while getting statistics for the given device.'

const TIMED_OUT = Symbol('timed out')

/**
 * The `filesystem` collector: size, free and available bytes, inodes and read-only state per mount from
 * /proc/1/mounts and statfs. A statfs that takes longer than the mount timeout marks the mount stuck:
 * it reports `node_filesystem_device_error 1` at once instead of holding the scrape, and later scrapes
 * skip it until that statfs returns (node_exporter's "stuck mounts"). A hung call still occupies one of
 * libuv's threadpool threads until the kernel answers; skipping stuck mounts keeps it to one per mount.
 */
export class FilesystemCollector implements Collector {
  private readonly mountPointsExclude: RegExp
  private readonly fsTypesExclude: RegExp
  private readonly timeoutMs: number
  private readonly statfs: StatfsFunction
  private readonly logger: Logger
  private readonly stuck = new Set<string>()

  constructor(
    private readonly paths: NodePaths,
    options: FilesystemCollectorOptions = {},
  ) {
    this.mountPointsExclude = new RegExp(options.mountPointsExclude ?? DEFAULT_MOUNT_POINTS_EXCLUDE)
    this.fsTypesExclude = new RegExp(options.fsTypesExclude ?? DEFAULT_FS_TYPES_EXCLUDE)
    this.timeoutMs = options.mountTimeoutMs ?? 5000
    this.statfs = options.statfs ?? ((path) => statfs(path))
    this.logger = options.logger ?? SILENT_LOGGER
  }

  async collect(): Promise<MetricFamily[]> {
    const mounts = (await readMounts(this.paths)).filter(
      (m) => !this.mountPointsExclude.test(m.mountPoint) && !this.fsTypesExclude.test(m.fsType),
    )
    const seen = new Set<string>()
    const unique = mounts.filter((m) => {
      const key = `${m.device}\u0000${m.mountPoint}\u0000${m.fsType}`
      if (seen.has(key)) return false
      seen.add(key)
      return true
    })
    const stats = await Promise.all(unique.map((m) => this.stat(m.mountPoint)))
    const errors = family('node_filesystem_device_error', DEVICE_ERROR_HELP, 'gauge', [])
    const gauges = GAUGES.map(([name, help]) => family(name, help, 'gauge', []))
    unique.forEach((m, i) => {
      const labels: LabelRecord = Object.freeze({
        device: m.device,
        fstype: m.fsType,
        mountpoint: m.mountPoint,
      })
      const s = stats[i]
      errors.metrics.push(sample(s === undefined ? 1 : 0, labels))
      if (s === undefined) return
      const ro = m.options.split(',').includes('ro') ? 1 : 0
      const values = [s.blocks * s.bsize, s.bfree * s.bsize, s.bavail * s.bsize, s.files, s.ffree, ro]
      gauges.forEach((g, j) => g.metrics.push(sample(values[j] as number, labels)))
    })
    return [errors, ...gauges]
  }

  /** statfs of one mount, or undefined when it failed, timed out, or is still stuck from an earlier scrape. */
  private async stat(mountPoint: string): Promise<Awaited<ReturnType<StatfsFunction>> | undefined> {
    if (this.stuck.has(mountPoint)) {
      this.logger.debug('Mount point is in an unresponsive state', { mountpoint: mountPoint })
      return undefined
    }
    const call = this.statfs(rootfsFile(this.paths, mountPoint))
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), this.timeoutMs)
      timer.unref()
    })
    try {
      const result = await Promise.race([call, timeout])
      if (result !== TIMED_OUT) return result
      this.stuck.add(mountPoint)
      this.logger.error('Mount point timed out, it is being labeled as stuck and will not be monitored', {
        mountpoint: mountPoint,
      })
      // The mount is usable again once the hung call returns, whatever it returns.
      call.then(
        () => this.stuck.delete(mountPoint),
        () => this.stuck.delete(mountPoint),
      )
      return undefined
    } catch (err) {
      this.logger.debug('Error on statfs() system call', { rootfs: mountPoint, err })
      return undefined
    } finally {
      clearTimeout(timer)
    }
  }
}
