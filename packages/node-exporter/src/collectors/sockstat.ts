import { open } from 'node:fs/promises'
import type { Collector } from '@watchfire/client'
import type { MetricFamily } from '@watchfire/model'
import { ProcFileError } from '../errors.js'
import { gauge } from '../family.js'
import type { NodePaths } from '../paths.js'
import { procFile } from '../paths.js'
import { fields, readTextIfExists } from '../read-file.js'

/** One protocol line of /proc/net/sockstat: `TCP: inuse 5 orphan 0 tw 2 alloc 7 mem 1`. */
export interface SockstatProtocol {
  protocol: string
  values: Map<string, number>
}

/** /proc/net/sockstat or sockstat6. */
export interface Sockstat {
  /** `sockets: used N`; IPv4 only. */
  used?: number
  protocols: SockstatProtocol[]
}

// The states node_exporter exports, in its order; `mem_bytes` follows when `mem` is present.
const STATES = ['inuse', 'orphan', 'tw', 'alloc', 'mem', 'memory'] as const

/** Parses /proc/net/sockstat or sockstat6. */
export function parseSockstat(text: string, path: string): Sockstat {
  const out: Sockstat = { protocols: [] }
  for (const line of text.split('\n')) {
    const parts = fields(line)
    const head = parts[0]
    if (head === undefined) continue
    if (!head.endsWith(':') || parts.length % 2 !== 1) {
      throw new ProcFileError(`cannot parse sockstat line ${JSON.stringify(line)}`, path)
    }
    const values = new Map<string, number>()
    for (let i = 1; i < parts.length; i += 2) {
      const n = Number(parts[i + 1])
      if (Number.isNaN(n)) throw new ProcFileError(`cannot parse sockstat line ${JSON.stringify(line)}`, path)
      values.set(parts[i] as string, n)
    }
    const protocol = head.slice(0, -1)
    if (protocol === 'sockets') out.used = values.get('used')
    else out.protocols.push({ protocol, values })
  }
  return out
}

let pageSizeBytes: Promise<number> | undefined

/** The kernel's page size, which /proc/net/sockstat counts `mem` in (read once from our own smaps). */
export function pageSize(): Promise<number> {
  pageSizeBytes ??= (async () => {
    try {
      const handle = await open('/proc/self/smaps', 'r')
      try {
        const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0)
        const kb = /KernelPageSize:\s+(\d+) kB/.exec(buffer.toString('latin1', 0, bytesRead))?.[1]
        return kb === undefined ? 4096 : Number(kb) * 1024
      } finally {
        await handle.close()
      }
    } catch {
      return 4096
    }
  })()
  return pageSizeBytes
}

/** The `sockstat` collector: socket counts and memory per protocol from /proc/net/sockstat and sockstat6. */
export class SockstatCollector implements Collector {
  constructor(private readonly paths: NodePaths) {}

  async collect(): Promise<MetricFamily[]> {
    const path4 = procFile(this.paths, 'net', 'sockstat')
    const path6 = procFile(this.paths, 'net', 'sockstat6')
    const [text4, text6, page] = await Promise.all([
      readTextIfExists(path4),
      readTextIfExists(path6),
      pageSize(),
    ])
    const out: MetricFamily[] = []
    for (const [text, path, v6] of [
      [text4, path4, false],
      [text6, path6, true],
    ] as const) {
      if (text === undefined) continue
      const stat = parseSockstat(text, path)
      if (!v6 && stat.used !== undefined) {
        out.push(gauge('node_sockstat_sockets_used', 'Number of IPv4 sockets in use.', stat.used))
      }
      for (const { protocol, values } of stat.protocols) {
        const push = (state: string, value: number): void => {
          out.push(
            gauge(
              `node_sockstat_${protocol}_${state}`,
              `Number of ${protocol} sockets in state ${state}.`,
              value,
            ),
          )
        }
        for (const state of STATES) {
          const value = values.get(state)
          if (value !== undefined) push(state, value)
        }
        const mem = values.get('mem')
        if (mem !== undefined) push('mem_bytes', mem * page)
      }
    }
    return out
  }
}
