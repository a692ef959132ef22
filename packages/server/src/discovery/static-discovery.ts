import type { TargetGroupConfig } from '../config/config-types.js'
import { toTargetGroups, type Discoverer, type TargetGroup } from './target-group.js'

/** static_configs: the groups are known up front and sent once. */
export class StaticDiscovery implements Discoverer {
  private readonly groups: TargetGroup[]

  constructor(configs: readonly TargetGroupConfig[]) {
    this.groups = toTargetGroups(configs, '')
  }

  async run(_signal: AbortSignal, send: (groups: TargetGroup[]) => void): Promise<void> {
    send(this.groups)
  }
}
