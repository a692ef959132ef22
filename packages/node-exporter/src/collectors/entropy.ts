import type { Collector } from '@watchfire/client'
import type { MetricFamily } from '@watchfire/model'
import { gauge } from '../family.js'
import type { NodePaths } from '../paths.js'
import { procFile } from '../paths.js'
import { readUint } from '../read-file.js'

/** The `entropy` collector: the kernel's available entropy and pool size from /proc/sys/kernel/random. */
export class EntropyCollector implements Collector {
  constructor(private readonly paths: NodePaths) {}

  async collect(): Promise<MetricFamily[]> {
    const dir = procFile(this.paths, 'sys', 'kernel', 'random')
    const [available, poolSize] = await Promise.all([
      readUint(`${dir}/entropy_avail`),
      readUint(`${dir}/poolsize`),
    ])
    return [
      gauge('node_entropy_available_bits', 'Bits of available entropy.', available),
      gauge('node_entropy_pool_size_bits', 'Bits of entropy pool.', poolSize),
    ]
  }
}
