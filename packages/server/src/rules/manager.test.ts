import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Labels, Matcher } from '@watchfire/model'
import { Engine } from '@watchfire/promql'
import { isStaleNaN, MemoryStorage } from '@watchfire/storage'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AlertingRule } from './alerting-rule.js'
import { FakeClock, settle } from './fake-clock.test-fixtures.js'
import { RuleManager } from './manager.js'
import { engineQueryFunc } from './query-func.js'
import { RuleFileError } from './rule-file-error.js'

const MIN = 60_000
let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rules-manager-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

function setup(storage = new MemoryStorage(), start = 0, forGracePeriodMs = 0) {
  const clock = new FakeClock(start)
  const evals: number[] = []
  const query = engineQueryFunc(new Engine(), storage)
  const manager = new RuleManager({
    appendable: storage,
    queryable: storage,
    query: (expr, t, signal) => {
      evals.push(t)
      return query(expr, t, signal)
    },
    clock,
    forGracePeriodMs,
  })
  return { storage, clock, manager, evals }
}

async function samples(storage: MemoryStorage, name: string): Promise<[number, number][]> {
  const q = await storage.querier(-Infinity, Infinity)
  const out: [number, number][] = []
  const set = q.select(true, undefined, new Matcher('=', '__name__', name))
  while (set.next()) {
    const it = set.at().iterator()
    while (it.next() !== 0) out.push([it.atT(), isStaleNaN(it.atF()) ? -1 : it.atF()])
  }
  q.close()
  return out
}

const recording = (name: string, expr = 'vector(1)'): string =>
  `groups:\n  - name: g\n    rules:\n      - record: ${name}\n        expr: ${expr}\n`

describe('RuleManager', () => {
  it('evaluates each group at its aligned slots, concurrently, from the matched files', async () => {
    await writeFile(join(dir, 'a.yml'), recording('a'))
    await writeFile(join(dir, 'b.yml'), recording('b').replace('name: g', 'name: h\n    interval: 30s'))
    const { manager, clock, storage } = setup()
    await manager.applyConfig({ ruleFiles: [join(dir, '*.yml')], evaluationIntervalMs: MIN })
    const controller = new AbortController()
    const running = manager.run(controller.signal)
    await clock.advanceTo(5 * MIN)
    controller.abort()
    await running
    const [ga, gb] = manager.groups()
    const a = (await samples(storage, 'a')).map(([t]) => t)
    const b = (await samples(storage, 'b')).map(([t]) => t)
    expect(a).toHaveLength(5)
    expect(b.length).toBeGreaterThanOrEqual(9)
    for (const t of a) expect(ga?.evalTimestamp(t)).toBe(t)
    for (const t of b) expect(gb?.evalTimestamp(t)).toBe(t)
    expect(a.slice(1).map((t, i) => t - (a[i] as number))).toEqual([MIN, MIN, MIN, MIN])
  })

  it('keeps the old rules when a reloaded file is bad, and names the file', async () => {
    const file = join(dir, 'r.yml')
    await writeFile(file, recording('a'))
    const { manager } = setup()
    await manager.applyConfig({ ruleFiles: [file], evaluationIntervalMs: MIN })
    await writeFile(file, recording('a', '"sum("'))
    const failure = manager.applyConfig({ ruleFiles: [file], evaluationIntervalMs: MIN })
    await expect(failure).rejects.toBeInstanceOf(RuleFileError)
    await expect(failure).rejects.toThrow(`${file}: 5:15: group "g", rule 1, "a": could not parse expression`)
    expect(manager.groups().map((g) => g.rules.map((r) => r.name))).toEqual([['a']])
  })

  it('marks the series of a removed group stale and keeps unchanged groups running', async () => {
    await writeFile(join(dir, 'a.yml'), recording('a'))
    await writeFile(join(dir, 'b.yml'), recording('b'))
    const { manager, clock, storage } = setup()
    const files = [join(dir, 'a.yml'), join(dir, 'b.yml')]
    await manager.applyConfig({ ruleFiles: files, evaluationIntervalMs: MIN })
    const controller = new AbortController()
    const running = manager.run(controller.signal)
    await clock.advanceTo(3 * MIN)
    const before = manager.groups()[0]
    await manager.applyConfig({ ruleFiles: [files[0] as string], evaluationIntervalMs: MIN })
    expect(manager.groups()[0]).toBe(before)
    await clock.advanceTo(5 * MIN)
    controller.abort()
    await running
    const b = await samples(storage, 'b')
    expect(b.at(-1)).toEqual([3 * MIN, -1])
    expect((await samples(storage, 'a')).length).toBeGreaterThan(b.length - 1)
  })

  it('restores for state from ALERTS_FOR_STATE after a restart, moving active time by the outage', async () => {
    const file = join(dir, 'alert.yml')
    await writeFile(
      file,
      'groups:\n  - name: g\n    rules:\n      - alert: Up\n        expr: up == 1\n        for: 10m\n',
    )
    const storage = new MemoryStorage()
    const app = storage.appender()
    for (let m = 0; m <= 40; m++) app.append(0, Labels.fromRecord({ __name__: 'up', job: 'j' }), m * MIN, 1)
    await app.commit()
    // First run: the alert becomes active at its first evaluation and is pending when we stop.
    const first = setup(storage, 0, 2 * MIN)
    await first.manager.applyConfig({ ruleFiles: [file], evaluationIntervalMs: MIN })
    let controller = new AbortController()
    let running = first.manager.run(controller.signal)
    await first.clock.advanceTo(8 * MIN)
    controller.abort()
    await running
    const activeAt = (await samples(storage, 'ALERTS_FOR_STATE')).at(-1)?.[1] as number
    const downAt = (await samples(storage, 'ALERTS_FOR_STATE')).at(-1)?.[0] as number
    expect(activeAt).toBeGreaterThan(0)
    // Second run, 20 minutes later: 10m - (downAt - activeAt) was left; the alert fires that long after the restart.
    const second = setup(storage, 28 * MIN, 2 * MIN)
    await second.manager.applyConfig({ ruleFiles: [file], evaluationIntervalMs: MIN })
    controller = new AbortController()
    running = second.manager.run(controller.signal)
    await second.clock.advanceTo(40 * MIN)
    controller.abort()
    await running
    const rule = second.manager.groups()[0]?.rules[0] as AlertingRule
    const [alert] = rule.activeAlerts()
    const restartAt = (second.manager.groups()[0]?.evalTimestamp(28 * MIN) as number) + 2 * MIN
    expect(alert?.activeAtMs).toBe(activeAt * 1000 + (restartAt - Math.floor(downAt / 1000) * 1000))
    expect(alert?.state).toBe('firing')
    const firedAfter = (alert?.firedAtMs as number) - restartAt
    const remaining = 10 * MIN - (downAt - activeAt * 1000)
    expect(firedAfter).toBeGreaterThanOrEqual(remaining)
    expect(firedAfter).toBeLessThan(remaining + MIN)
  })

  it('settles without groups', async () => {
    const { manager } = setup()
    const controller = new AbortController()
    const running = manager.run(controller.signal)
    await settle()
    controller.abort()
    await expect(running).resolves.toBeUndefined()
  })
})

describe('RuleManager for-state grace period', () => {
  it('never fires a restored alert sooner than the grace period after the restart', async () => {
    const file = join(dir, 'alert.yml')
    await writeFile(
      file,
      'groups:\n  - name: g\n    rules:\n      - alert: Up\n        expr: up == 1\n        for: 10m\n',
    )
    const storage = new MemoryStorage()
    const app = storage.appender()
    for (let m = 0; m <= 40; m++) app.append(0, Labels.fromRecord({ __name__: 'up' }), m * MIN, 1)
    // Written before the restart: active since 0, last seen pending at 9m (1 minute left).
    app.append(0, Labels.fromRecord({ __name__: 'ALERTS_FOR_STATE', alertname: 'Up' }), 9 * MIN, 0)
    await app.commit()
    const { manager, clock } = setup(storage, 20 * MIN, 5 * MIN)
    await manager.applyConfig({ ruleFiles: [file], evaluationIntervalMs: MIN })
    const controller = new AbortController()
    const running = manager.run(controller.signal)
    await clock.advanceTo(30 * MIN)
    controller.abort()
    await running
    const group = manager.groups()[0]
    const restoredAt = (group?.evalTimestamp(20 * MIN) as number) + 2 * MIN
    const [alert] = (group?.rules[0] as AlertingRule).activeAlerts()
    expect(alert?.activeAtMs).toBe(restoredAt + 5 * MIN - 10 * MIN)
    expect((alert?.firedAtMs as number) - restoredAt).toBeGreaterThanOrEqual(5 * MIN)
    expect((alert?.firedAtMs as number) - restoredAt).toBeLessThan(6 * MIN)
  })
})

describe('RuleManager reloads', () => {
  it('carries firing alerts over to a changed group instead of starting them over', async () => {
    const file = join(dir, 'alert.yml')
    const alertFile = (interval: string): string =>
      `groups:\n  - name: g\n    interval: ${interval}\n    rules:\n      - alert: On\n        expr: vector(1)\n        for: 2m\n`
    await writeFile(file, alertFile('1m'))
    const { manager, clock } = setup()
    await manager.applyConfig({ ruleFiles: [file], evaluationIntervalMs: MIN })
    const controller = new AbortController()
    const running = manager.run(controller.signal)
    await clock.advanceTo(5 * MIN)
    const before = (manager.groups()[0]?.rules[0] as AlertingRule).activeAlerts()[0]
    expect(before?.state).toBe('firing')
    await writeFile(file, alertFile('30s'))
    await manager.applyConfig({ ruleFiles: [file], evaluationIntervalMs: MIN })
    await clock.advanceTo(6 * MIN)
    controller.abort()
    await running
    const group = manager.groups()[0]
    expect(group?.intervalMs).toBe(30_000)
    const after = (group?.rules[0] as AlertingRule).activeAlerts()[0]
    expect([after?.state, after?.activeAtMs]).toEqual(['firing', before?.activeAtMs])
  })
})
