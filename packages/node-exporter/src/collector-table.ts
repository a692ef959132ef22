import type { Collector } from '@watchfire/client'
import { ConntrackCollector } from './collectors/conntrack.js'
import { CpuCollector } from './collectors/cpu.js'
import { CpufreqCollector } from './collectors/cpufreq.js'
import { DiskstatsCollector } from './collectors/diskstats.js'
import type { DiskstatsCollectorOptions } from './collectors/diskstats.js'
import { EntropyCollector } from './collectors/entropy.js'
import { FilefdCollector } from './collectors/filefd.js'
import { FilesystemCollector } from './collectors/filesystem.js'
import type { FilesystemCollectorOptions } from './collectors/filesystem.js'
import { LoadavgCollector } from './collectors/loadavg.js'
import { MeminfoCollector } from './collectors/meminfo.js'
import { NetdevCollector } from './collectors/netdev.js'
import type { NetdevCollectorOptions } from './collectors/netdev.js'
import { NetstatCollector } from './collectors/netstat.js'
import { PressureCollector } from './collectors/pressure.js'
import { SockstatCollector } from './collectors/sockstat.js'
import { StatCollector } from './collectors/stat.js'
import { TextfileCollector } from './collectors/textfile.js'
import { TimeCollector } from './collectors/time.js'
import { UnameCollector } from './collectors/uname.js'
import { VmstatCollector } from './collectors/vmstat.js'
import type { Logger } from './logger.js'
import type { NodePaths } from './paths.js'

/** Per-collector settings, each mirroring a node_exporter `--collector.<name>.<setting>` flag. */
export interface CollectorSettings {
  paths: NodePaths
  logger: Logger
  cpu?: { guest?: boolean }
  stat?: { softirq?: boolean }
  vmstat?: { fields?: string }
  netstat?: { fields?: string }
  filesystem?: Omit<FilesystemCollectorOptions, 'logger'>
  diskstats?: DiskstatsCollectorOptions
  netdev?: NetdevCollectorOptions
  textfile?: { directory?: string }
}

type Factory = (s: CollectorSettings) => Collector

/**
 * Every collector this exporter implements, by node_exporter's name. All of them are enabled by default
 * in node_exporter 1.5, so this is also the default set.
 */
export const COLLECTOR_FACTORIES: Readonly<Record<string, Factory>> = {
  conntrack: (s) => new ConntrackCollector(s.paths),
  cpu: (s) => new CpuCollector(s.paths, { guest: s.cpu?.guest ?? true }),
  cpufreq: (s) => new CpufreqCollector(s.paths),
  diskstats: (s) => new DiskstatsCollector(s.paths, s.diskstats),
  entropy: (s) => new EntropyCollector(s.paths),
  filefd: (s) => new FilefdCollector(s.paths),
  filesystem: (s) => new FilesystemCollector(s.paths, { ...s.filesystem, logger: s.logger }),
  loadavg: (s) => new LoadavgCollector(s.paths),
  meminfo: (s) => new MeminfoCollector(s.paths),
  netdev: (s) => new NetdevCollector(s.paths, s.netdev),
  netstat: (s) => new NetstatCollector(s.paths, s.netstat?.fields),
  pressure: (s) => new PressureCollector(s.paths),
  sockstat: (s) => new SockstatCollector(s.paths),
  stat: (s) => new StatCollector(s.paths, { softirq: s.stat?.softirq ?? false }),
  textfile: (s) => new TextfileCollector({ directory: s.textfile?.directory ?? '', logger: s.logger }),
  time: (s) => new TimeCollector(s.paths),
  uname: (s) => new UnameCollector(s.paths),
  vmstat: (s) => new VmstatCollector(s.paths, s.vmstat?.fields),
}

/** The names of every implemented collector, sorted. */
export const COLLECTOR_NAMES: readonly string[] = Object.keys(COLLECTOR_FACTORIES).sort()

/** The collectors enabled without any `--collector.*` flag. */
export const DEFAULT_COLLECTORS: readonly string[] = COLLECTOR_NAMES
