import type { Collector } from '@watchfire/client'
import type { MetricFamily } from '@watchfire/model'
import { FamilySet } from '../family.js'
import type { NodePaths } from '../paths.js'
import { procFile } from '../paths.js'
import { parseProcStat, zeroCpuTimes } from '../procfs/proc-stat.js'
import type { CpuTimes } from '../procfs/proc-stat.js'
import { readText } from '../read-file.js'

/** Options of {@link CpuCollector}. */
export interface CpuCollectorOptions {
  /** Exposes `node_cpu_guest_seconds_total` (`--collector.cpu.guest`, default true). */
  guest: boolean
}

// An idle counter falling by this much means the CPU was unplugged and came back: start it afresh.
const JUMP_BACK_SECONDS = 3
const MODES: ReadonlyArray<readonly [string, keyof CpuTimes]> = [
  ['user', 'user'],
  ['nice', 'nice'],
  ['system', 'system'],
  ['idle', 'idle'],
  ['iowait', 'iowait'],
  ['irq', 'irq'],
  ['softirq', 'softirq'],
  ['steal', 'steal'],
]
const FIELDS = Object.keys(zeroCpuTimes()) as (keyof CpuTimes)[]

/**
 * The `cpu` collector: `node_cpu_seconds_total{cpu,mode}` and `node_cpu_guest_seconds_total{cpu,mode}`
 * from /proc/stat. Like node_exporter it never lets a counter go backwards (the kernel's per-CPU counters
 * jitter when a CPU goes offline) and resets a CPU whose idle time jumped back more than 3 s (hotplug).
 */
export class CpuCollector implements Collector {
  private last: CpuTimes[] = []

  constructor(
    private readonly paths: NodePaths,
    private readonly options: CpuCollectorOptions = { guest: true },
  ) {}

  async collect(): Promise<MetricFamily[]> {
    const path = procFile(this.paths, 'stat')
    const stats = this.update(parseProcStat(await readText(path), path).cpus)
    const out = new FamilySet()
    stats.forEach((t, id) => {
      const cpu = String(id)
      for (const [mode, key] of MODES) {
        out.add('node_cpu_seconds_total', 'Seconds the CPUs spent in each mode.', 'counter', t[key], {
          cpu,
          mode,
        })
      }
      if (this.options.guest) {
        const help = 'Seconds the CPUs spent in guests (VMs) for each mode.'
        out.add('node_cpu_guest_seconds_total', help, 'counter', t.guest, { cpu, mode: 'user' })
        out.add('node_cpu_guest_seconds_total', help, 'counter', t.guestNice, { cpu, mode: 'nice' })
      }
    })
    return out.families()
  }

  private update(next: CpuTimes[]): CpuTimes[] {
    if (this.last.length !== next.length) this.last = next.map(() => zeroCpuTimes())
    next.forEach((n, i) => {
      let kept = this.last[i] as CpuTimes
      if (kept.idle - n.idle >= JUMP_BACK_SECONDS) {
        kept = zeroCpuTimes()
        this.last[i] = kept
      }
      for (const f of FIELDS) if (n[f] >= kept[f]) kept[f] = n[f]
    })
    return this.last.map((t) => ({ ...t }))
  }
}
