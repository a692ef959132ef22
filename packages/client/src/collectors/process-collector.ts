import type { MetricFamily } from '@watchfire/model'
import type { Collector } from '../collector.js'
import { FamilyBuilder } from './family-builder.js'
import type { CollectorNaming } from './family-builder.js'
import { countOpenFds, parseMaxOpenFiles, parseProcStatus, readProcFile } from './proc-files.js'

// From process.uptime(), which counts from the process's start even inside a worker thread (whose
// performance.timeOrigin is the worker's own start).
const START_TIME_SECONDS = Date.now() / 1000 - process.uptime()

/** Options of {@link ProcessCollector}. */
export interface ProcessCollectorOptions extends CollectorNaming {
  /**
   * The `/proc/<pid>` directory to read memory and descriptor figures from; defaults to
   * `/proc/self`. Where it is missing (macOS, Windows) those metrics are left out.
   */
  procDir?: string
}

/**
 * The standard `process_*` metrics every Prometheus client exposes: CPU time, start time, memory
 * and file descriptors. Reads everything at scrape time; holds no timers.
 */
export class ProcessCollector implements Collector {
  private readonly families: FamilyBuilder
  private readonly procDir: string

  constructor(options: ProcessCollectorOptions = {}) {
    this.families = new FamilyBuilder(options)
    this.procDir = options.procDir ?? '/proc/self'
  }

  /** Reads the current figures. */
  collect(): MetricFamily[] {
    const f = this.families
    const cpu = process.cpuUsage()
    const user = cpu.user / 1e6
    const system = cpu.system / 1e6
    const out: MetricFamily[] = [
      f.single('process_cpu_user_seconds_total', 'Total user CPU time spent in seconds.', 'counter', user),
      f.single(
        'process_cpu_system_seconds_total',
        'Total system CPU time spent in seconds.',
        'counter',
        system,
      ),
      f.single(
        'process_cpu_seconds_total',
        'Total user and system CPU time spent in seconds.',
        'counter',
        user + system,
      ),
      f.single(
        'process_start_time_seconds',
        'Start time of the process since unix epoch in seconds.',
        'gauge',
        START_TIME_SECONDS,
      ),
    ]

    const status = readProcFile(`${this.procDir}/status`)
    const limits = readProcFile(`${this.procDir}/limits`)
    const openFds = countOpenFds(`${this.procDir}/fd`)
    const memory = status === undefined ? {} : parseProcStatus(status)
    if (memory.residentBytes !== undefined) {
      out.push(
        f.single(
          'process_resident_memory_bytes',
          'Resident memory size in bytes.',
          'gauge',
          memory.residentBytes,
        ),
      )
    }
    if (memory.virtualBytes !== undefined) {
      out.push(
        f.single(
          'process_virtual_memory_bytes',
          'Virtual memory size in bytes.',
          'gauge',
          memory.virtualBytes,
        ),
      )
    }
    if (memory.dataBytes !== undefined) {
      out.push(f.single('process_heap_bytes', 'Process heap size in bytes.', 'gauge', memory.dataBytes))
    }
    if (openFds !== undefined) {
      out.push(f.single('process_open_fds', 'Number of open file descriptors.', 'gauge', openFds))
    }
    const maxFds = limits === undefined ? undefined : parseMaxOpenFiles(limits)
    if (maxFds !== undefined) {
      out.push(f.single('process_max_fds', 'Maximum number of open file descriptors.', 'gauge', maxFds))
    }
    return out
  }
}
