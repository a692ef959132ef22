import { describe, expect, it } from 'vitest'
import { makeAlert, type Alert } from '../alert.js'
import { FakeClock, type Clock, type TimerHandle } from '../clock.js'
import { parseConfig } from '../config/config.js'
import type { Flush } from '../notify/pipeline.js'
import { AlertStore } from '../store/alert-store.js'
import { Dispatcher } from './dispatcher.js'
import { buildRoutes } from './route.js'

/** A fake clock that also counts the timers armed, to see whether alerts re-arm them. */
class CountingClock extends FakeClock {
  armed = 0
  override setTimer(fn: () => void, delayMs: number): TimerHandle {
    this.armed++
    return super.setTimer(fn, delayMs)
  }
}

function config(groupBy: string): string {
  return `route:
  receiver: hook
  group_by: ${groupBy}
  group_wait: 30s
  group_interval: 5m
receivers:
  - name: hook
`
}

function start(
  clock: Clock,
  groupBy: string,
): { store: AlertStore; flushes: Flush[]; dispatcher: Dispatcher } {
  const store = new AlertStore(clock)
  const flushes: Flush[] = []
  const dispatcher = new Dispatcher(buildRoutes(parseConfig(config(groupBy))), store, clock, (f) => {
    flushes.push(f)
    return Promise.resolve(true)
  })
  dispatcher.start()
  return { store, flushes, dispatcher }
}

function alert(labels: Record<string, string>, startsAtMs: number): Alert {
  return makeAlert({
    labels,
    annotations: {},
    startsAtMs,
    endsAtMs: 0,
    generatorURL: '',
    updatedAtMs: startsAtMs,
    timeout: false,
  })
}

describe('Dispatcher grouping', () => {
  it.each([
    // A missing group_by label is not the same as an empty one.
    ['[a, b]', { x: '1', a: 'v' }, { x: '2', a: 'v', b: '' }],
    // Values cannot run into each other across group_by labels.
    ['[a, b]', { x: '1', a: '1:x', b: '' }, { x: '2', a: '1', b: 'x:' }],
    ['[a, b]', { x: '1', a: 'v-' }, { x: '2', a: 'v', b: '-' }],
    // group_by `...`: every label counts.
    ["['...']", { x: '1', a: 'v' }, { x: '2', a: 'v' }],
  ])('keeps %s groups of %j and %j apart', (groupBy, first, second) => {
    const clock = new FakeClock()
    const { store, dispatcher } = start(clock, groupBy)
    store.put([alert(first, clock.now()), alert(second, clock.now())])
    expect(dispatcher.allGroups().map((g) => g.alerts.size)).toEqual([1, 1])
    dispatcher.stop()
  })

  it('puts alerts with the same group_by values in one group, whatever their other labels', () => {
    const clock = new FakeClock()
    const { store, dispatcher } = start(clock, '[a]')
    store.put([alert({ a: 'v', x: '1' }, clock.now()), alert({ x: '2', a: 'v' }, clock.now())])
    const groups = dispatcher.allGroups()
    expect(groups.map((g) => [g.labels, g.alerts.size])).toEqual([[{ a: 'v' }, 2]])
    dispatcher.stop()
  })

  it('arms one "flush now" timer for a group that receives many alerts older than group_wait', async () => {
    const clock = new CountingClock()
    const { store, flushes, dispatcher } = start(clock, '[a]')
    const armedBefore = clock.armed
    const old = clock.now() - 60_000
    store.put(Array.from({ length: 50 }, (_, i) => alert({ a: 'v', i: String(i) }, old)))
    // The group's group_wait timer, then one zero-delay timer for all 50 old alerts.
    expect(clock.armed - armedBefore).toBe(2)
    await clock.advance(0)
    expect(flushes.map((f) => f.alerts.length)).toEqual([50])
    dispatcher.stop()
  })

  it('flushes copies of the alerts, so a re-send merged into the store does not change a flush', async () => {
    const clock = new FakeClock()
    const { store, flushes, dispatcher } = start(clock, '[a]')
    const resolved = { ...alert({ a: 'v' }, clock.now() - 120_000), endsAtMs: clock.now() - 1 }
    store.put([resolved])
    await clock.advance(30_000)
    const sent = flushes[0]?.alerts[0]
    expect(sent).toEqual(resolved)
    expect(sent).not.toBe(store.get(resolved.fingerprint))
    dispatcher.stop()
  })
})
