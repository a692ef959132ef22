import {
  COLLECTOR_NAMES,
  createLogger,
  DEFAULT_FS_TYPES_EXCLUDE,
  DEFAULT_MOUNT_POINTS_EXCLUDE,
  DEFAULT_NETSTAT_FIELDS,
  DEFAULT_VMSTAT_FIELDS,
  startNodeExporter,
} from '@watchfire/node-exporter'
import type { FlagSpec } from '../flags.js'
import { defineCommand } from './command.js'
import { WEB_CONFIG_FILE_FLAG, LOG_LEVEL_FLAG, logLevelFlag } from './toolkit-flags.js'

const flags = {
  'web.listen-address': {
    type: 'string',
    help: 'Address on which to expose metrics and web interface.',
    default: ':9100',
  },
  'web.telemetry-path': { type: 'string', help: 'Path under which to expose metrics.', default: '/metrics' },
  'web.config.file': WEB_CONFIG_FILE_FLAG,
  'web.disable-exporter-metrics': {
    type: 'bool',
    help: 'Exclude metrics about the exporter itself (promhttp_*, process_*, nodejs_*).',
  },
  'web.max-requests': {
    type: 'number',
    help: 'Maximum number of parallel scrape requests. Use 0 to disable.',
    default: 40,
  },
  'log.level': LOG_LEVEL_FLAG,
  'path.procfs': { type: 'string', help: 'procfs mountpoint.', default: '/proc' },
  'path.sysfs': { type: 'string', help: 'sysfs mountpoint.', default: '/sys' },
  'path.rootfs': { type: 'string', help: 'rootfs mountpoint.', default: '/' },
  'path.udev.data': { type: 'string', help: 'udev data path.', default: '/run/udev/data' },
  'collector.disable-defaults': { type: 'bool', help: 'Set all collectors to disabled by default.' },
  'collector.cpu.guest': { type: 'bool', help: 'Enables metric node_cpu_guest_seconds_total', default: true },
  'collector.stat.softirq': { type: 'bool', help: 'Export softirq calls per vector' },
  'collector.vmstat.fields': {
    type: 'string',
    help: 'Regexp of fields to return for vmstat collector.',
    default: DEFAULT_VMSTAT_FIELDS,
  },
  'collector.netstat.fields': {
    type: 'string',
    help: 'Regexp of fields to return for netstat collector.',
    default: DEFAULT_NETSTAT_FIELDS,
  },
  'collector.filesystem.mount-points-exclude': {
    type: 'string',
    help: 'Regexp of mount points to exclude for filesystem collector.',
    default: DEFAULT_MOUNT_POINTS_EXCLUDE,
  },
  'collector.filesystem.fs-types-exclude': {
    type: 'string',
    help: 'Regexp of filesystem types to exclude for filesystem collector.',
    default: DEFAULT_FS_TYPES_EXCLUDE,
  },
  'collector.filesystem.mount-timeout': {
    type: 'duration',
    help: 'how long to wait for a mount to respond before marking it as stale',
    default: '5s',
  },
  'collector.diskstats.device-exclude': {
    type: 'string',
    help: 'Regexp of diskstats devices to exclude (mutually exclusive to device-include; default: partitions, ram, loop and fd devices).',
  },
  'collector.diskstats.device-include': {
    type: 'string',
    help: 'Regexp of diskstats devices to include (mutually exclusive to device-exclude).',
  },
  'collector.netdev.device-exclude': {
    type: 'string',
    help: 'Regexp of net devices to exclude (mutually exclusive to device-include).',
  },
  'collector.netdev.device-include': {
    type: 'string',
    help: 'Regexp of net devices to include (mutually exclusive to device-exclude).',
  },
  'collector.netdev.netlink': {
    type: 'bool',
    help: "Use the kernel's 64-bit link statistics (/sys/class/net) instead of /proc/net/dev.",
    default: true,
  },
  'collector.textfile.directory': {
    type: 'string',
    help: 'Directory to read text files with metrics from.',
    default: '',
  },
} as const

// kingpin tells an explicit --collector.<name> from the default, which --collector.disable-defaults
// needs; parseFlags does not, so each collector gets a positive and a negative switch, both off by default.
const collectorFlags: Record<string, FlagSpec> = {}
for (const name of COLLECTOR_NAMES) {
  collectorFlags[`collector.${name}`] = {
    type: 'bool',
    help: `Enable the ${name} collector (default: enabled).`,
  }
  collectorFlags[`no-collector.${name}`] = { type: 'bool', help: `Disable the ${name} collector.` }
}

/** `watchfire node-exporter`: machine metrics with node_exporter 1.5's names and flags; runs until SIGINT/SIGTERM. */
export default defineCommand({
  summary: 'Run the node exporter: machine metrics from /proc and /sys, as node_exporter 1.5 exposes them.',
  flags: { ...flags, ...collectorFlags } as typeof flags,
  async run(f, io) {
    const level = logLevelFlag(f['log.level'])
    const logger = createLogger(level, (line) => io.stderr.write(line))
    const raw = f as unknown as Record<string, unknown>
    const defaults = !f['collector.disable-defaults']
    const collectors = COLLECTOR_NAMES.filter(
      (name) => raw[`collector.${name}`] === true || (defaults && raw[`no-collector.${name}`] !== true),
    )
    const exporter = await startNodeExporter({
      listenAddress: f['web.listen-address'],
      telemetryPath: f['web.telemetry-path'],
      webConfigFile: f['web.config.file'],
      disableExporterMetrics: f['web.disable-exporter-metrics'],
      maxRequests: f['web.max-requests'],
      paths: {
        procfs: f['path.procfs'],
        sysfs: f['path.sysfs'],
        rootfs: f['path.rootfs'],
        udevData: f['path.udev.data'],
      },
      collectors,
      cpu: { guest: f['collector.cpu.guest'] },
      stat: { softirq: f['collector.stat.softirq'] },
      vmstat: { fields: f['collector.vmstat.fields'] },
      netstat: { fields: f['collector.netstat.fields'] },
      filesystem: {
        mountPointsExclude: f['collector.filesystem.mount-points-exclude'],
        fsTypesExclude: f['collector.filesystem.fs-types-exclude'],
        mountTimeoutMs: f['collector.filesystem.mount-timeout'],
      },
      diskstats: {
        deviceExclude: f['collector.diskstats.device-exclude'],
        deviceInclude: f['collector.diskstats.device-include'],
      },
      netdev: {
        deviceExclude: f['collector.netdev.device-exclude'],
        deviceInclude: f['collector.netdev.device-include'],
        netlink: f['collector.netdev.netlink'],
      },
      textfile: { directory: f['collector.textfile.directory'] },
      logger,
    })
    logger.info('Starting node_exporter', { collectors: collectors.join(',') })
    logger.info('Listening on', { address: exporter.url })
    await new Promise<void>((resolve) => {
      if (io.signal.aborted) return resolve()
      io.signal.addEventListener('abort', () => resolve(), { once: true })
    })
    await exporter.close()
    return 0
  },
})
