import type { Collector } from '@watchfire/client'
import type { MetricFamily } from '@watchfire/model'
import { ProcFileError } from '../errors.js'
import { FamilySet } from '../family.js'
import type { NodePaths } from '../paths.js'
import { procFile } from '../paths.js'
import { fields, readText } from '../read-file.js'

/** Parses /proc/meminfo into node_exporter's keys: `Active(anon): 4 kB` becomes `Active_anon_bytes` = 4096. */
export function parseMeminfo(text: string, path: string): Map<string, number> {
  const out = new Map<string, number>()
  for (const line of text.split('\n')) {
    const parts = fields(line)
    if (parts.length === 0) continue
    const raw = parts[1]
    const value = raw === undefined ? NaN : Number(raw)
    if (raw === undefined || raw === '' || Number.isNaN(value)) {
      throw new ProcFileError(`cannot parse meminfo line ${JSON.stringify(line)}`, path)
    }
    const key = (parts[0] as string).slice(0, -1).replace(/\((.*)\)/, '_$1')
    if (parts.length === 3) {
      out.set(`${key}_bytes`, value * 1024)
      continue
    }
    if (parts.length !== 2) throw new ProcFileError(`cannot parse meminfo line ${JSON.stringify(line)}`, path)
    out.set(key, value)
  }
  return out
}

/** The `meminfo` collector: one gauge `node_memory_<key>` per /proc/meminfo line. */
export class MeminfoCollector implements Collector {
  constructor(private readonly paths: NodePaths) {}

  async collect(): Promise<MetricFamily[]> {
    const path = procFile(this.paths, 'meminfo')
    const out = new FamilySet()
    for (const [key, value] of parseMeminfo(await readText(path), path)) {
      const type = key.endsWith('_total') ? 'counter' : 'gauge'
      out.add(`node_memory_${key}`, `Memory information field ${key}.`, type, value)
    }
    return out.families()
  }
}
