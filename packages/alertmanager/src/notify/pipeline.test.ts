import { Registry } from '@watchfire/client'
import { describe, expect, it } from 'vitest'
import { makeAlert, type Alert } from '../alert.js'
import { FakeClock } from '../clock.js'
import { Inhibitor } from '../inhibit/inhibitor.js'
import { silentLogger } from '@watchfire/web-config'
import { Silences } from '../silence/silences.js'
import { AlertStore } from '../store/alert-store.js'
import { Marker } from '../store/marker.js'
import { NotifyError, type Integration, type NotifyContext } from './integration.js'
import { NotifyMetrics } from './metrics.js'
import { NotificationLog } from './nflog.js'
import { runPipeline, type Flush, type PipelineDeps } from './pipeline.js'

/** Fails every attempt (retryably); with `hang`, never answers until the deadline passes. */
class Failing implements Integration {
  readonly name = 'webhook'
  readonly index = 0
  readonly sendResolved = true
  attempts: number[] = []
  constructor(
    private readonly clock: FakeClock,
    private readonly hang: boolean,
  ) {}
  notify(_: readonly Alert[], ctx: NotifyContext): Promise<void> {
    this.attempts.push(this.clock.now())
    if (!this.hang) return Promise.reject(new NotifyError('503', true))
    return new Promise((_resolve, reject) => {
      ctx.deadline.onExpiry(() => reject(new NotifyError('gave up', true)))
    })
  }
}

function setup(integration: Integration, clock: FakeClock): PipelineDeps {
  const store = new AlertStore(clock)
  return {
    clock,
    inhibitor: new Inhibitor([], store, clock),
    silences: new Silences(clock, 3600_000),
    marker: new Marker(),
    nflog: new NotificationLog(clock, 3600_000),
    timeIntervals: new Map(),
    receivers: new Map([['hook', [integration]]]),
    metrics: new NotifyMetrics(new Registry()),
    logger: silentLogger,
    random: () => 0.5,
  }
}

function flush(clock: FakeClock): Flush {
  const now = clock.now()
  return {
    receiver: 'hook',
    groupKey: '{}:{}',
    groupLabels: {},
    alerts: [
      makeAlert({
        labels: { alertname: 'A' },
        annotations: {},
        startsAtMs: now,
        endsAtMs: 0,
        generatorURL: '',
        updatedAtMs: now,
        timeout: false,
      }),
    ],
    repeatIntervalMs: 3600_000,
    timeoutMs: 10_000,
    muteTimeIntervals: [],
    activeTimeIntervals: [],
  }
}

describe('runPipeline deadline', () => {
  it('retries with backoff until the flush deadline, then gives up and logs nothing', async () => {
    const clock = new FakeClock()
    const start = clock.now()
    const integration = new Failing(clock, false)
    const deps = setup(integration, clock)
    const result = runPipeline(flush(clock), deps)
    await clock.advance(60_000)
    expect(await result).toBe(false)
    // Backoff 500 ms × 1.5^n (random 0.5 = no jitter): attempts at 0, 0.5, 1.25, 2.375, 4.0625, 6.59… s.
    expect(integration.attempts.map((t) => t - start)).toEqual([0, 500, 1250, 2375, 4063, 6594])
    expect(deps.nflog.size).toBe(0)
  })

  it('stops an attempt under way when the deadline passes', async () => {
    const clock = new FakeClock()
    const integration = new Failing(clock, true)
    const deps = setup(integration, clock)
    const result = runPipeline(flush(clock), deps)
    await clock.advance(9_999)
    expect(integration.attempts).toHaveLength(1)
    await clock.advance(1)
    expect(await result).toBe(false)
    expect(integration.attempts).toHaveLength(1)
  })
})
