import type { Collector } from '@watchfire/client'
import type { MetricFamily } from '@watchfire/model'
import { counter, family, gauge, sample } from '../family.js'
import type { NodePaths } from '../paths.js'
import { procFile } from '../paths.js'
import { parseProcStat, SOFTIRQ_VECTORS } from '../procfs/proc-stat.js'
import { readText } from '../read-file.js'

/** Options of {@link StatCollector}. */
export interface StatCollectorOptions {
  /** Exposes `node_softirqs_total{vector}` (`--collector.stat.softirq`, default false). */
  softirq: boolean
}

/** The `stat` collector: interrupts, context switches, forks, boot time and process states from /proc/stat. */
export class StatCollector implements Collector {
  constructor(
    private readonly paths: NodePaths,
    private readonly options: StatCollectorOptions = { softirq: false },
  ) {}

  async collect(): Promise<MetricFamily[]> {
    const path = procFile(this.paths, 'stat')
    const s = parseProcStat(await readText(path), path)
    const out = [
      counter('node_intr_total', 'Total number of interrupts serviced.', s.irqTotal),
      counter('node_context_switches_total', 'Total number of context switches.', s.contextSwitches),
      counter('node_forks_total', 'Total number of forks.', s.processesCreated),
      gauge('node_boot_time_seconds', 'Node boot time, in unixtime.', s.bootTime),
      gauge('node_procs_running', 'Number of processes in runnable state.', s.processesRunning),
      gauge(
        'node_procs_blocked',
        'Number of processes blocked waiting for I/O to complete.',
        s.processesBlocked,
      ),
    ]
    if (this.options.softirq) {
      const metrics = SOFTIRQ_VECTORS.map((vector, i) => sample(s.softirq[i] ?? 0, { vector }))
      out.push(family('node_softirqs_total', 'Number of softirq calls.', 'counter', metrics))
    }
    return out
  }
}
