import type { MetricFamily } from '@watchfire/model'
import type { Collector } from '../collector.js'
import { FamilyBuilder } from './family-builder.js'
import type { CollectorNaming } from './family-builder.js'

/** `nodejs_version_info{version,major,minor,patch} 1`: the Node.js release running the process. */
export class VersionCollector implements Collector {
  private readonly family: MetricFamily

  constructor(options: CollectorNaming = {}) {
    const f = new FamilyBuilder(options, ['version', 'major', 'minor', 'patch'])
    const [major = '', minor = '', patch = ''] = process.versions.node.split('.')
    this.family = f.family('nodejs_version_info', 'Node.js version info.', 'gauge', [
      { labels: f.labels({ version: process.version, major, minor, patch }), value: 1 },
    ])
  }

  /** The constant version family. */
  collect(): MetricFamily[] {
    return [this.family]
  }
}
