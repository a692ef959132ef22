import { afterEach, describe, expect, it } from 'vitest'
import type { TargetGroup } from '../discovery/target-group.js'
import { AlertmanagerDiscovery } from './alertmanager-discovery.js'
import { amConfig } from './am-config.test-fixtures.js'

const staticSet = (...targets: string[]) => amConfig({ staticConfigs: [{ targets, labels: {} }] })
const addresses = (snapshot: TargetGroup[][] | undefined): string[][] =>
  (snapshot ?? []).map((groups) => groups.flatMap((g) => g.targets.map((t) => t.__address__ ?? '')))

const controllers: AbortController[] = []
afterEach(() => {
  for (const c of controllers.splice(0)) c.abort()
})

function start() {
  const snapshots: TargetGroup[][][] = []
  const discovery = new AlertmanagerDiscovery({ onUpdate: (s) => void snapshots.push(s), updateDelayMs: 1 })
  const controller = new AbortController()
  controllers.push(controller)
  const latest = async (): Promise<string[][]> => {
    await new Promise((r) => setTimeout(r, 20))
    return addresses(snapshots.at(-1))
  }
  return { discovery, run: () => void discovery.run(controller.signal), latest, snapshots }
}

describe('AlertmanagerDiscovery', () => {
  it('reports every set’s groups in configuration order, before and after a reload', async () => {
    const { discovery, run, latest } = start()
    discovery.applyConfig([staticSet('a:1', 'b:1'), staticSet('c:1')])
    run()
    expect(await latest()).toEqual([['a:1', 'b:1'], ['c:1']])
    discovery.applyConfig([staticSet('c:1'), staticSet('d:1'), staticSet('a:1', 'b:1')])
    expect(await latest()).toEqual([['c:1'], ['d:1'], ['a:1', 'b:1']])
    discovery.applyConfig([])
    expect(await latest()).toEqual([])
  })

  it('coalesces a burst of updates into one report and stops reporting once aborted', async () => {
    const { discovery, run, latest, snapshots } = start()
    discovery.applyConfig([staticSet('a:1'), staticSet('b:1'), staticSet('c:1')])
    run()
    expect(await latest()).toEqual([['a:1'], ['b:1'], ['c:1']])
    expect(snapshots).toHaveLength(1)
    controllers[0]?.abort()
    await new Promise((r) => setTimeout(r, 5))
    discovery.applyConfig([staticSet('x:1')])
    await latest()
    expect(snapshots).toHaveLength(2)
    // Reported from the new configuration, but its mechanisms do not run any more.
    expect(addresses(snapshots[1])).toEqual([[]])
  })
})
