import { describe, expect, it } from 'vitest'
import { makeAlert, type Alert } from '../alert.js'
import { FakeClock } from '../clock.js'
import { AlertStore } from './alert-store.js'

const MINUTE = 60_000

function alert(clock: FakeClock, over: Partial<Alert> = {}): Alert {
  const now = clock.now()
  return makeAlert({
    labels: { alertname: 'Down', instance: 'a:9100' },
    annotations: { summary: 'a is down' },
    startsAtMs: now - MINUTE,
    endsAtMs: now + 4 * MINUTE,
    generatorURL: 'http://prometheus/graph',
    updatedAtMs: now,
    timeout: false,
    ...over,
  })
}

describe('AlertStore.put', () => {
  it('merges a re-sent alert into the stored object, keeping equal annotations', async () => {
    const clock = new FakeClock()
    const store = new AlertStore(clock)
    const seen: Alert[] = []
    store.subscribe((a) => seen.push(a))
    const first = alert(clock)
    store.put([first])
    await clock.advance(MINUTE)
    const resent = alert(clock, { annotations: { summary: 'a is down' } })
    store.put([resent])

    const stored = store.get(first.fingerprint)
    expect(stored).toBe(first)
    expect(seen).toEqual([first, first])
    expect(stored?.annotations).not.toBe(resent.annotations)
    // The earliest start stays; the newer end and update time win.
    expect(stored?.startsAtMs).toBe(first.startsAtMs)
    expect(stored?.endsAtMs).toBe(resent.endsAtMs)
    expect(stored?.updatedAtMs).toBe(resent.updatedAtMs)
  })

  it('takes changed annotations and generator URL from the newer alert', async () => {
    const clock = new FakeClock()
    const store = new AlertStore(clock)
    const first = alert(clock)
    store.put([first])
    await clock.advance(MINUTE)
    store.put([
      alert(clock, { annotations: { summary: 'a is still down' }, generatorURL: 'http://p2/graph' }),
    ])

    expect(store.get(first.fingerprint)).toMatchObject({
      annotations: { summary: 'a is still down' },
      generatorURL: 'http://p2/graph',
    })
  })

  it('stores a new object when the alert fires again after it resolved', async () => {
    const clock = new FakeClock()
    const store = new AlertStore(clock)
    const first = alert(clock, { endsAtMs: clock.now() + MINUTE })
    store.put([first])
    await clock.advance(2 * MINUTE)
    const again = alert(clock, { startsAtMs: clock.now() })
    store.put([again])

    expect(store.get(first.fingerprint)).toBe(again)
    expect(first.endsAtMs).toBeLessThan(clock.now())
  })
})
