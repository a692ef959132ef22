import type { Collector } from '@watchfire/client'
import type { MetricFamily } from '@watchfire/model'
import { ProcFileError } from '../errors.js'
import { gauge } from '../family.js'
import type { NodePaths } from '../paths.js'
import { procFile } from '../paths.js'
import { fields, readText } from '../read-file.js'

const NAMES = [
  ['node_load1', '1m load average.'],
  ['node_load5', '5m load average.'],
  ['node_load15', '15m load average.'],
] as const

/** The `loadavg` collector: `node_load1`, `node_load5`, `node_load15` from /proc/loadavg. */
export class LoadavgCollector implements Collector {
  constructor(private readonly paths: NodePaths) {}

  async collect(): Promise<MetricFamily[]> {
    const path = procFile(this.paths, 'loadavg')
    const parts = fields(await readText(path))
    if (parts.length < 3) throw new ProcFileError('cannot parse load averages (fewer than 3 fields)', path)
    return NAMES.map(([name, help], i) => {
      const value = Number(parts[i])
      if (Number.isNaN(value)) throw new ProcFileError(`cannot parse load ${JSON.stringify(parts[i])}`, path)
      return gauge(name, help, value)
    })
  }
}
