import type { Collector } from '@watchfire/client'
import type { MetricFamily } from '@watchfire/model'
import { ProcFileError } from '../errors.js'
import { gauge } from '../family.js'
import type { NodePaths } from '../paths.js'
import { procFile } from '../paths.js'
import { fields, readText } from '../read-file.js'

/** node_exporter's default `--collector.vmstat.fields`. */
export const DEFAULT_VMSTAT_FIELDS = '^(oom_kill|pgpg|pswp|pg.*fault).*'

/** The `vmstat` collector: the /proc/vmstat fields matching a pattern, as untyped `node_vmstat_<field>`. */
export class VmstatCollector implements Collector {
  private readonly pattern: RegExp

  constructor(
    private readonly paths: NodePaths,
    fieldsPattern: string = DEFAULT_VMSTAT_FIELDS,
  ) {
    this.pattern = new RegExp(fieldsPattern)
  }

  async collect(): Promise<MetricFamily[]> {
    const path = procFile(this.paths, 'vmstat')
    const out: MetricFamily[] = []
    for (const line of (await readText(path)).split('\n')) {
      const [name, raw] = fields(line)
      if (name === undefined) continue
      const value = Number(raw)
      if (raw === undefined || Number.isNaN(value)) {
        throw new ProcFileError(`cannot parse vmstat line ${JSON.stringify(line)}`, path)
      }
      if (!this.pattern.test(name)) continue
      const f = gauge(`node_vmstat_${name}`, `/proc/vmstat information field ${name}.`, value)
      f.type = 'unknown'
      out.push(f)
    }
    return out
  }
}
