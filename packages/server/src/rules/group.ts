import { Labels } from '@watchfire/model'
import type { Vector } from '@watchfire/promql'
import { STALE_NAN, type Appendable } from '@watchfire/storage'
import type { NotifyFunc } from './alert.js'
import { AlertingRule } from './alerting-rule.js'
import type { Clock } from './clock.js'
import { EventLoopYield } from './event-loop-yield.js'
import type { QueryFunc } from './query-func.js'
import type { Rule } from './rule.js'
import type { RuleMetrics } from './rule-metrics.js'

/** What a group needs from its surroundings; shared by all groups of a manager. */
export interface GroupContext {
  appendable: Appendable
  query: QueryFunc
  notify: NotifyFunc
  clock: Clock
  metrics: RuleMetrics
  externalLabels: Readonly<Record<string, string>>
  externalURL: string
  /** How often a still-firing alert is sent again. */
  resendDelayMs: number
  /** Reports what went wrong in an evaluation; never throws. */
  log: (message: string, err: unknown) => void
}

/** One group's settings, resolved against the global defaults. */
export interface GroupSettings {
  name: string
  file: string
  intervalMs: number
  queryOffsetMs: number
  limit: number
  rules: Rule[]
}

/** The key Prometheus uses for a group in its metrics and APIs. */
export function groupKey(file: string, name: string): string {
  return `${file};${name}`
}

function seriesKey(labels: Labels): string {
  return labels.toFlat().join('\xff')
}

/**
 * A rule group: its rules run in order, each evaluation at a slot aligned to the interval and
 * offset by a hash of the group's name and file, so groups spread out and a restart keeps the
 * same slots. Each rule's output is appended in its own batch; series a rule produced last time
 * but not this time get a staleness marker.
 */
export class RuleGroup {
  readonly name: string
  readonly file: string
  readonly intervalMs: number
  readonly queryOffsetMs: number
  readonly limit: number
  readonly rules: Rule[]
  readonly key: string
  lastEvaluationMs = 0
  lastDurationMs = 0
  private seriesInPreviousEval: Map<string, Labels>[]
  /** Series of rules dropped by a reload, marked stale at the next evaluation. */
  private staleSeries: Labels[] = []
  private readonly ctx: GroupContext

  constructor(settings: GroupSettings, ctx: GroupContext) {
    this.name = settings.name
    this.file = settings.file
    this.intervalMs = settings.intervalMs
    this.queryOffsetMs = settings.queryOffsetMs
    this.limit = settings.limit
    this.rules = settings.rules
    this.key = groupKey(settings.file, settings.name)
    this.ctx = ctx
    this.seriesInPreviousEval = settings.rules.map(() => new Map())
    ctx.metrics.groupInterval.set({ rule_group: this.key }, settings.intervalMs / 1000)
    ctx.metrics.groupRules.set({ rule_group: this.key }, settings.rules.length)
    ctx.metrics.evalTotal.inc({ rule_group: this.key }, 0)
    ctx.metrics.evalFailures.inc({ rule_group: this.key }, 0)
  }

  /** The latest slot at or before `timeMs`: `k·interval + hash(group) mod interval`. */
  evalTimestamp(timeMs: number): number {
    const offset = Labels.fromRecord({ name: this.name, file: this.file }).hash() % this.intervalMs
    const adjusted = timeMs - offset
    return adjusted - (((adjusted % this.intervalMs) + this.intervalMs) % this.intervalMs) + offset
  }

  /**
   * Evaluates at every slot until `signal` aborts. `afterSecond` runs once, right after the second
   * evaluation: for-state restoring waits for data the first evaluation may not have had.
   */
  async run(signal: AbortSignal, afterSecond?: () => Promise<void>): Promise<void> {
    const { clock, metrics } = this.ctx
    let ts = this.evalTimestamp(clock.now()) + this.intervalMs
    await clock.sleepUntil(ts, signal)
    let first = true
    while (!signal.aborted) {
      metrics.iterationsScheduled.inc({ rule_group: this.key })
      await this.evalAndRecord(ts, signal)
      if (first && afterSecond !== undefined) {
        first = false
        await clock.sleepUntil(ts + this.intervalMs, signal)
        if (signal.aborted) return
        ts = this.nextSlot(ts)
        metrics.iterationsScheduled.inc({ rule_group: this.key })
        await this.evalAndRecord(ts, signal)
        await afterSecond()
      }
      await clock.sleepUntil(ts + this.intervalMs, signal)
      if (signal.aborted) return
      ts = this.nextSlot(ts)
    }
  }

  private nextSlot(ts: number): number {
    const missed = Math.floor((this.ctx.clock.now() - ts) / this.intervalMs) - 1
    if (missed > 0) {
      this.ctx.metrics.iterationsMissed.inc({ rule_group: this.key }, missed)
      this.ctx.metrics.iterationsScheduled.inc({ rule_group: this.key }, missed)
    }
    return ts + (Math.max(missed, 0) + 1) * this.intervalMs
  }

  private async evalAndRecord(ts: number, signal: AbortSignal): Promise<void> {
    const { clock, metrics } = this.ctx
    const began = clock.now()
    await this.eval(ts, signal)
    const took = Math.max(0, clock.now() - began)
    this.lastDurationMs = took
    this.lastEvaluationMs = ts
    metrics.groupDuration.observe(took / 1000)
    metrics.groupLastDuration.set({ rule_group: this.key }, took / 1000)
    metrics.groupLastEvalTime.set({ rule_group: this.key }, ts / 1000)
  }

  /** Evaluates every rule once at `ts`, in order; a failing rule is recorded and the next one runs. */
  async eval(ts: number, signal?: AbortSignal): Promise<void> {
    const { metrics } = this.ctx
    let samples = 0
    let ruleDurationSum = 0
    const turns = new EventLoopYield()
    for (let i = 0; i < this.rules.length; i++) {
      const rule = this.rules[i] as Rule
      await turns.maybeYield()
      if (isAborted(signal)) return
      const began = performance.now()
      metrics.evalTotal.inc({ rule_group: this.key })
      let vector: Vector
      try {
        vector = await rule.eval({
          timeMs: ts,
          queryOffsetMs: this.queryOffsetMs,
          query: this.ctx.query,
          limit: this.limit,
          externalLabels: this.ctx.externalLabels,
          externalURL: this.ctx.externalURL,
          onTemplateError: (err) => {
            metrics.templateErrors.inc({ rule_group: this.key })
            this.ctx.log(`cannot expand template of rule ${rule.name} (group ${this.key})`, err)
          },
          ...(signal === undefined ? {} : { signal }),
        })
        rule.health = 'ok'
        rule.lastError = undefined
      } catch (err) {
        rule.health = 'err'
        rule.lastError = err instanceof Error ? err : new Error(String(err))
        metrics.evalFailures.inc({ rule_group: this.key })
        if (!isAborted(signal)) this.ctx.log(`cannot evaluate rule ${rule.name} (group ${this.key})`, err)
        vector = []
        this.finishRule(rule, began, ts)
        ruleDurationSum += rule.evaluationDurationMs
        continue
      }
      samples += vector.length
      if (rule instanceof AlertingRule)
        rule.sendAlerts(ts, this.ctx.resendDelayMs, this.intervalMs, this.ctx.notify)
      await this.write(i, rule, vector, ts - this.queryOffsetMs)
      this.finishRule(rule, began, ts)
      ruleDurationSum += rule.evaluationDurationMs
    }
    if (this.staleSeries.length > 0)
      await this.markSeriesStale(this.staleSeries.splice(0), ts - this.queryOffsetMs)
    metrics.groupSamples.set({ rule_group: this.key }, samples)
    metrics.groupLastRuleDurationSum.set({ rule_group: this.key }, ruleDurationSum / 1000)
  }

  private finishRule(rule: Rule, began: number, ts: number): void {
    rule.evaluationDurationMs = performance.now() - began
    rule.lastEvaluationMs = ts
    this.ctx.metrics.evalDuration.observe(rule.evaluationDurationMs / 1000)
  }

  /** Appends a rule's output and marks stale what it no longer produces. */
  private async write(index: number, rule: Rule, vector: Vector, staleAt: number): Promise<void> {
    const app = this.ctx.appendable.appender()
    const previous = this.seriesInPreviousEval[index] ?? new Map<string, Labels>()
    const returned = new Map<string, Labels>()
    for (const s of vector) {
      try {
        if (s.h !== undefined) app.appendHistogram(0, s.metric, s.t, s.h)
        else app.append(0, s.metric, s.t, s.f)
        returned.set(seriesKey(s.metric), s.metric)
      } catch (err) {
        rule.health = 'err'
        rule.lastError = err instanceof Error ? err : new Error(String(err))
      }
    }
    for (const [key, labels] of previous) {
      if (returned.has(key)) continue
      try {
        app.append(0, labels, staleAt, STALE_NAN)
      } catch {
        // Expected when another rule or a scrape wrote the series at this time: nothing to mark.
      }
    }
    try {
      await app.commit()
    } catch (err) {
      this.ctx.log(`cannot commit the output of rule ${rule.name} (group ${this.key})`, err)
    }
    this.seriesInPreviousEval[index] = returned
  }

  /** Writes staleness markers for everything the group wrote last time (when the group is removed). */
  async markStale(timeMs: number): Promise<void> {
    await this.markSeriesStale(
      this.seriesInPreviousEval.flatMap((series) => [...series.values()]),
      timeMs,
    )
    this.ctx.metrics.removeGroup(this.key)
  }

  private async markSeriesStale(series: Labels[], timeMs: number): Promise<void> {
    const app = this.ctx.appendable.appender()
    for (const labels of series) {
      try {
        app.append(0, labels, timeMs, STALE_NAN)
      } catch {
        // The series already has a later sample: it is not stale.
      }
    }
    await app.commit()
  }

  /**
   * Takes over state from the group this one replaces on reload: what each rule wrote last time
   * (so staleness keeps working), alerts of alerting rules with the same name, label set and expression.
   */
  copyState(from: RuleGroup): void {
    this.lastEvaluationMs = from.lastEvaluationMs
    this.lastDurationMs = from.lastDurationMs
    const byIdentity = new Map<string, number[]>()
    from.rules.forEach((r, i) => {
      const id = ruleIdentity(r)
      byIdentity.set(id, [...(byIdentity.get(id) ?? []), i])
    })
    this.rules.forEach((rule, i) => {
      const candidates = byIdentity.get(ruleIdentity(rule))
      const j = candidates?.shift()
      if (j === undefined) return
      this.seriesInPreviousEval[i] = from.seriesInPreviousEval[j] ?? new Map()
      const old = from.rules[j]
      if (rule instanceof AlertingRule && old instanceof AlertingRule) rule.adoptAlerts(old)
    })
    for (const rest of byIdentity.values())
      for (const j of rest) this.staleSeries.push(...(from.seriesInPreviousEval[j]?.values() ?? []))
  }
}

function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true
}

function ruleIdentity(rule: Rule): string {
  return JSON.stringify([rule.kind, rule.name, rule.expr, Object.entries(rule.labels).sort()])
}
