import os from 'node:os'
import type { Collector } from '@watchfire/client'
import type { MetricFamily } from '@watchfire/model'
import { family, sample } from '../family.js'
import type { NodePaths } from '../paths.js'
import { procFile } from '../paths.js'
import { readTextIfExists } from '../read-file.js'

/** The fields of uname(2); `os` calls it through libuv, the NIS domain name comes from procfs. */
export interface UnameFields {
  sysname: string
  release: string
  version: string
  machine: string
  nodename: string
  domainname: string
}

/** Reads uname(2)'s fields for this machine. */
export async function readUname(paths: NodePaths): Promise<UnameFields> {
  const domain = await readTextIfExists(procFile(paths, 'sys', 'kernel', 'domainname'))
  return {
    sysname: os.type(),
    release: os.release(),
    version: os.version(),
    machine: os.machine(),
    nodename: os.hostname(),
    domainname: domain === undefined ? '(none)' : domain.trim(),
  }
}

/** The `uname` collector: `node_uname_info` labelled with uname(2)'s fields. */
export class UnameCollector implements Collector {
  constructor(
    private readonly paths: NodePaths,
    private readonly read: (paths: NodePaths) => Promise<UnameFields> = readUname,
  ) {}

  async collect(): Promise<MetricFamily[]> {
    const u = await this.read(this.paths)
    const labels = {
      domainname: u.domainname,
      machine: u.machine,
      nodename: u.nodename,
      release: u.release,
      sysname: u.sysname,
      version: u.version,
    }
    const help = 'Labeled system information as provided by the uname system call.'
    return [family('node_uname_info', help, 'gauge', [sample(1, labels)])]
  }
}
