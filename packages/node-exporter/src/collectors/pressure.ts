import type { Collector } from '@watchfire/client'
import type { MetricFamily } from '@watchfire/model'
import { NoDataError, ProcFileError } from '../errors.js'
import { counter } from '../family.js'
import type { NodePaths } from '../paths.js'
import { procFile } from '../paths.js'
import { isNotFound, readText } from '../read-file.js'

/** The `some` and `full` totals of one /proc/pressure file, in microseconds; `full` is absent for CPU on old kernels. */
export interface PressureTotals {
  some: number
  full?: number
}

/** Parses a /proc/pressure/<resource> file: `some avg10=… total=N` and `full … total=N` lines. */
export function parsePressure(text: string, path: string): PressureTotals {
  let some: number | undefined
  let full: number | undefined
  for (const line of text.split('\n')) {
    const kind = line.split(' ', 1)[0]
    if (kind !== 'some' && kind !== 'full') continue
    const total = /(?:^|\s)total=(\d+)/.exec(line)?.[1]
    if (total === undefined)
      throw new ProcFileError(`cannot parse pressure line ${JSON.stringify(line)}`, path)
    if (kind === 'some') some = Number(total)
    else full = Number(total)
  }
  if (some === undefined) throw new ProcFileError('cannot parse pressure (no "some" line)', path)
  return full === undefined ? { some } : { some, full }
}

/** The `pressure` collector: pressure stall information (PSI) totals for CPU, I/O and memory. */
export class PressureCollector implements Collector {
  constructor(private readonly paths: NodePaths) {}

  async collect(): Promise<MetricFamily[]> {
    const [cpu, io, memory] = await Promise.all(['cpu', 'io', 'memory'].map((r) => this.read(r)))
    // Two divisions, as node_exporter computes it, so the floats match bit for bit.
    const s = (us: number | undefined): number => (us ?? 0) / 1000 / 1000
    return [
      counter(
        'node_pressure_cpu_waiting_seconds_total',
        'Total time in seconds that processes have waited for CPU time',
        s(cpu?.some),
      ),
      counter(
        'node_pressure_io_waiting_seconds_total',
        'Total time in seconds that processes have waited due to IO congestion',
        s(io?.some),
      ),
      counter(
        'node_pressure_io_stalled_seconds_total',
        'Total time in seconds no process could make progress due to IO congestion',
        s(io?.full),
      ),
      counter(
        'node_pressure_memory_waiting_seconds_total',
        'Total time in seconds that processes have waited for memory',
        s(memory?.some),
      ),
      counter(
        'node_pressure_memory_stalled_seconds_total',
        'Total time in seconds no process could make progress due to memory congestion',
        s(memory?.full),
      ),
    ]
  }

  private async read(resource: string): Promise<PressureTotals> {
    const path = procFile(this.paths, 'pressure', resource)
    try {
      return parsePressure(await readText(path), path)
    } catch (err) {
      // Kernels without PSI (or booted with psi=0) answer ENOENT or EOPNOTSUPP: nothing to report.
      const code = (err as { code?: unknown }).code
      if (isNotFound(err) || code === 'EOPNOTSUPP' || code === 'ENOTSUP') {
        throw new NoDataError(`cannot read pressure stall information (${path} is not available)`, {
          cause: err,
        })
      }
      throw err
    }
  }
}
