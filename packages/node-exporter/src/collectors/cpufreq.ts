import { readdir } from 'node:fs/promises'
import type { Collector } from '@watchfire/client'
import type { MetricFamily } from '@watchfire/model'
import { FamilySet } from '../family.js'
import type { NodePaths } from '../paths.js'
import { sysFile } from '../paths.js'
import { isNotFound, readText } from '../read-file.js'

// cpufreq files (kHz) and the families node_exporter reports them in (Hz).
const FILES: ReadonlyArray<readonly [file: string, name: string, help: string]> = [
  ['cpuinfo_cur_freq', 'node_cpu_frequency_hertz', 'Current cpu thread frequency in hertz.'],
  ['cpuinfo_min_freq', 'node_cpu_frequency_min_hertz', 'Minimum cpu thread frequency in hertz.'],
  ['cpuinfo_max_freq', 'node_cpu_frequency_max_hertz', 'Maximum cpu thread frequency in hertz.'],
  ['scaling_cur_freq', 'node_cpu_scaling_frequency_hertz', 'Current scaled CPU thread frequency in hertz.'],
  [
    'scaling_min_freq',
    'node_cpu_scaling_frequency_min_hertz',
    'Minimum scaled CPU thread frequency in hertz.',
  ],
  [
    'scaling_max_freq',
    'node_cpu_scaling_frequency_max_hertz',
    'Maximum scaled CPU thread frequency in hertz.',
  ],
]

/**
 * The `cpufreq` collector: current, minimum and maximum frequency per CPU from
 * /sys/devices/system/cpu/cpuN/cpufreq. CPUs without cpufreq (virtual machines, offline CPUs) and
 * files the driver does not provide (cpuinfo_cur_freq needs root) are left out.
 */
export class CpufreqCollector implements Collector {
  constructor(private readonly paths: NodePaths) {}

  async collect(): Promise<MetricFamily[]> {
    const dir = sysFile(this.paths, 'devices', 'system', 'cpu')
    const cpus = (await readdir(dir)).filter((n) => /^cpu[0-9]+$/.test(n)).sort()
    const values = await Promise.all(
      cpus.map((cpu) => Promise.all(FILES.map(([file]) => readKhz(`${dir}/${cpu}/cpufreq/${file}`)))),
    )
    const out = new FamilySet()
    cpus.forEach((name, i) => {
      const cpu = name.slice(3)
      FILES.forEach(([, metric, help], j) => {
        const khz = values[i]?.[j]
        if (khz !== undefined) out.add(metric, help, 'gauge', khz * 1000, { cpu })
      })
    })
    return out.families()
  }
}

async function readKhz(path: string): Promise<number | undefined> {
  try {
    const n = Number((await readText(path)).trim())
    return Number.isNaN(n) ? undefined : n
  } catch (err) {
    const code = (err as { code?: unknown }).code
    if (isNotFound(err) || code === 'EACCES' || code === 'EPERM') return undefined
    throw err
  }
}
