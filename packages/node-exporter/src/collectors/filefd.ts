import type { Collector } from '@watchfire/client'
import type { MetricFamily } from '@watchfire/model'
import { ProcFileError } from '../errors.js'
import { gauge } from '../family.js'
import type { NodePaths } from '../paths.js'
import { procFile } from '../paths.js'
import { readText } from '../read-file.js'

/** The `filefd` collector: allocated and maximum file handles from /proc/sys/fs/file-nr. */
export class FilefdCollector implements Collector {
  constructor(private readonly paths: NodePaths) {}

  async collect(): Promise<MetricFamily[]> {
    const path = procFile(this.paths, 'sys', 'fs', 'file-nr')
    const parts = (await readText(path)).trim().split('\t')
    if (parts.length < 3) throw new ProcFileError('cannot parse file-nr (fewer than 3 fields)', path)
    const value = (text: string | undefined): number => {
      const n = Number(text)
      if (text === undefined || text === '' || Number.isNaN(n))
        throw new ProcFileError(`cannot parse file-nr value ${JSON.stringify(text)}`, path)
      return n
    }
    return [
      gauge('node_filefd_allocated', 'File descriptor statistics: allocated.', value(parts[0])),
      gauge('node_filefd_maximum', 'File descriptor statistics: maximum.', value(parts[2])),
    ]
  }
}
