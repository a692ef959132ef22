import { describe, expect, it } from 'vitest'
import { parseConfig } from '../config/load-config.js'
import { DiscoveryManager } from './discovery-manager.js'
import type { TargetGroup } from './target-group.js'

describe('DiscoveryManager', () => {
  it('reports each job’s static groups and replaces them on applyConfig', async () => {
    const updates: Map<string, TargetGroup[]>[] = []
    const manager = new DiscoveryManager({ onUpdate: (sets) => updates.push(sets), updateDelayMs: 10 })
    const controller = new AbortController()
    manager.applyConfig(
      parseConfig('scrape_configs:\n  - job_name: a\n    static_configs: [{targets: ["x:1"]}]\n'),
    )
    const running = manager.run(controller.signal)
    await expect.poll(() => updates.at(-1)?.get('a')?.[0]?.targets).toEqual([{ __address__: 'x:1' }])
    manager.applyConfig(
      parseConfig(
        'scrape_configs:\n  - job_name: b\n    static_configs: [{targets: ["y:1"], labels: {l: v}}]\n',
      ),
    )
    await expect.poll(() => [...(updates.at(-1)?.keys() ?? [])]).toEqual(['b'])
    expect(updates.at(-1)?.get('b')).toEqual([
      { source: '0', targets: [{ __address__: 'y:1' }], labels: { l: 'v' } },
    ])
    controller.abort()
    await running
  })
})
