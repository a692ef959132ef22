import { describe, expect, it } from 'vitest'
import { makeAlert, type Alert } from './alert.js'
import { Alertmanager } from './alertmanager.js'
import { FakeClock } from './clock.js'
import { parseConfig } from './config/config.js'
import { AmMatcher } from './labels/matcher.js'
import type { Integration, NotifyContext } from './notify/integration.js'
import { NotifyError } from './notify/integration.js'

/** A recording integration standing in for a webhook; can be told to fail. */
class Recorder implements Integration {
  readonly name = 'webhook'
  readonly index = 0
  readonly calls: { groupKey: string; alerts: string[]; at: number }[] = []
  failures = 0
  constructor(
    private readonly clock: FakeClock,
    readonly sendResolved = true,
  ) {}
  notify(alerts: readonly Alert[], ctx: NotifyContext): Promise<void> {
    if (this.failures > 0) {
      this.failures--
      return Promise.reject(new NotifyError('boom', true))
    }
    this.calls.push({
      groupKey: ctx.groupKey,
      alerts: alerts.map((a) => `${a.labels.instance ?? ''}:${a.endsAtMs === 0 ? 'firing' : 'resolved'}`),
      at: this.clock.now(),
    })
    return Promise.resolve()
  }
}

const CONFIG = `route:
  receiver: hook
  group_by: [alertname]
  group_wait: 30s
  group_interval: 5m
  repeat_interval: 1h
inhibit_rules:
  - source_matchers: ['severity="critical"']
    target_matchers: ['severity="warning"']
    equal: [alertname]
receivers:
  - name: hook
    webhook_configs: [{url: 'http://127.0.0.1:1/'}]
`

async function setup(): Promise<{ clock: FakeClock; am: Alertmanager; rec: Recorder }> {
  const clock = new FakeClock()
  const am = new Alertmanager({ clock, externalURL: 'http://am', retentionMs: 3600_000, random: () => 0.5 })
  await am.applyConfig(parseConfig(CONFIG))
  const rec = new Recorder(clock)
  return { clock, am, rec }
}

function alert(clock: FakeClock, labels: Record<string, string>, endsInMs = 300_000): Alert {
  const now = clock.now()
  return makeAlert({
    labels,
    annotations: {},
    startsAtMs: now,
    endsAtMs: now + endsInMs,
    generatorURL: '',
    updatedAtMs: now,
    timeout: true,
  })
}

describe('Alertmanager pipeline with a fake clock', () => {
  it('waits group_wait, then notifies per group_interval and repeat_interval', async () => {
    const { clock, am, rec } = await setup()
    am.receiversOverride('hook', [rec])
    am.store.put([alert(clock, { alertname: 'A', instance: '1' }, 3 * 3600_000)])
    await clock.advance(29_000)
    expect(rec.calls).toHaveLength(0)
    await clock.advance(1_000)
    expect(rec.calls.map((c) => c.alerts)).toEqual([['1:firing']])
    am.store.put([alert(clock, { alertname: 'A', instance: '2' }, 3 * 3600_000)])
    await clock.advance(5 * 60_000)
    expect(rec.calls.map((c) => c.alerts)).toEqual([['1:firing'], ['1:firing', '2:firing']])
    // Nothing changes: no notification until repeat_interval (1h) has passed.
    await clock.advance(50 * 60_000)
    expect(rec.calls).toHaveLength(2)
    // The flush at 3930 s is exactly 1h after the last one (not "before now - 1h"); the next one repeats.
    await clock.advance(10 * 60_000)
    expect(rec.calls).toHaveLength(2)
    await clock.advance(5 * 60_000)
    expect(rec.calls).toHaveLength(3)
    expect(rec.calls[0]?.groupKey).toBe('{}:{alertname="A"}')
    am.stop()
  })

  it('resolves alerts without endsAt after resolve_timeout and sends the resolved notification', async () => {
    const { clock, am, rec } = await setup()
    am.receiversOverride('hook', [rec])
    am.store.put([alert(clock, { alertname: 'B', instance: '1' }, 300_000)])
    await clock.advance(30_000)
    await clock.advance(5 * 60_000)
    expect(rec.calls.map((c) => c.alerts)).toEqual([['1:firing'], ['1:resolved']])
    am.stop()
  })

  it('silences and inhibits', async () => {
    const { clock, am, rec } = await setup()
    am.receiversOverride('hook', [rec])
    am.silences.set({
      matchers: [new AmMatcher('=', 'alertname', 'S')],
      startsAtMs: clock.now(),
      endsAtMs: clock.now() + 3600_000,
      createdBy: 't',
      comment: 'c',
    })
    am.store.put([
      alert(clock, { alertname: 'S', instance: '1' }),
      alert(clock, { alertname: 'I', severity: 'critical', instance: 'src' }),
      alert(clock, { alertname: 'I', severity: 'warning', instance: 'dst' }),
    ])
    await clock.advance(30_000)
    expect(rec.calls.map((c) => c.alerts)).toEqual([['src:firing']])
    am.stop()
  })

  it('retries a failing integration with backoff and counts the failures', async () => {
    const { clock, am, rec } = await setup()
    am.receiversOverride('hook', [rec])
    rec.failures = 2
    am.store.put([alert(clock, { alertname: 'R', instance: '1' })])
    await clock.advance(30_000)
    expect(rec.calls).toHaveLength(0)
    await clock.advance(2_000)
    expect(rec.calls.map((c) => c.alerts)).toEqual([['1:firing']])
    const text = await am.registry.metrics()
    expect(text).toContain('alertmanager_notification_requests_failed_total{integration="webhook"} 2')
    expect(text).toContain('alertmanager_notifications_total{integration="webhook"} 1')
    am.stop()
  })
})
