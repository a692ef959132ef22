import { Labels } from '@watchfire/model'
import type { Sample, Vector } from '@watchfire/promql'
import type { Alert, NotifyFunc } from './alert.js'
import {
  hasDuplicateLabelSets,
  RuleEvalError,
  type Rule,
  type RuleEvalContext,
  type RuleHealth,
} from './rule.js'
import { alertTemplateFuncs, expandRuleTemplate } from './rule-template.js'

/** How long a resolved alert is still sent to Alertmanager (as resolved) before it is forgotten. */
const RESOLVED_RETENTION_MS = 15 * 60_000

/** Definition of an alerting rule. */
export interface AlertingRuleOptions {
  name: string
  expr: string
  forMs: number
  keepFiringForMs: number
  labels: Readonly<Record<string, string>>
  annotations: Readonly<Record<string, string>>
  /**
   * Whether `for` state has been restored (or needs no restoring). Until then the rule writes no
   * ALERTS/ALERTS_FOR_STATE series, so a restart cannot overwrite the state it will restore from.
   */
  restored: boolean
}

/**
 * An alerting rule: each sample of its expression is an alert, identified by the sample's labels
 * (without the name) plus the rule's expanded labels and `alertname`. Alerts move
 * inactive → pending → firing (once `for` has elapsed) → inactive (resolved), with `keep_firing_for`
 * holding a firing alert after its condition clears. Its output is the ALERTS and
 * ALERTS_FOR_STATE series.
 */
export class AlertingRule implements Rule {
  readonly kind = 'alerting'
  readonly name: string
  readonly expr: string
  readonly forMs: number
  readonly keepFiringForMs: number
  readonly labels: Readonly<Record<string, string>>
  readonly annotations: Readonly<Record<string, string>>
  restored: boolean
  health: RuleHealth = 'unknown'
  lastError: Error | undefined = undefined
  lastEvaluationMs = 0
  evaluationDurationMs = 0
  /** Alerts by label-set hash; a hash collision chains into the array. */
  private active = new Map<number, Alert[]>()

  constructor(options: AlertingRuleOptions) {
    this.name = options.name
    this.expr = options.expr
    this.forMs = options.forMs
    this.keepFiringForMs = options.keepFiringForMs
    this.labels = options.labels
    this.annotations = options.annotations
    this.restored = options.restored
  }

  /** The current alerts that are pending or firing (and resolved ones still retained), sorted by labels. */
  activeAlerts(): Alert[] {
    const out: Alert[] = []
    for (const chain of this.active.values()) for (const a of chain) if (a.state !== 'inactive') out.push(a)
    return out.sort((a, b) => Labels.compare(a.labels, b.labels))
  }

  /** Every alert the rule holds, resolved ones included. */
  allAlerts(): Alert[] {
    return [...this.active.values()].flat()
  }

  /** Takes over the alerts of the same rule from a group being replaced by a reload. */
  adoptAlerts(from: AlertingRule): void {
    this.active = from.active
  }

  async eval(ctx: RuleEvalContext): Promise<Vector> {
    const queryTime = ctx.timeMs - ctx.queryOffsetMs
    const result = await ctx.query(this.expr, queryTime, ctx.signal)
    const funcs = alertTemplateFuncs(ctx)
    const fresh: Alert[] = []
    for (const sample of result) fresh.push(await this.alertFor(sample, ctx, funcs))
    if (hasDuplicateLabelSets(fresh.map((a) => ({ metric: a.labels, t: 0, f: 0 }))))
      throw new RuleEvalError('vector contains metrics with the same labelset after applying alert labels')

    const current = new Set<Alert>()
    for (const a of fresh) {
      const existing = this.find(a.labels)
      if (existing !== undefined && existing.state !== 'inactive') {
        existing.value = a.value
        existing.annotations = a.annotations
        current.add(existing)
      } else {
        if (existing !== undefined) this.remove(existing)
        this.add(a)
        current.add(a)
      }
    }
    return this.advance(current, ctx, queryTime)
  }

  /** Moves every alert along after an evaluation and builds the ALERTS/ALERTS_FOR_STATE output. */
  private advance(current: Set<Alert>, ctx: RuleEvalContext, queryTime: number): Vector {
    const ts = ctx.timeMs
    const out: Vector = []
    let activeCount = 0
    for (const a of this.allAlerts()) {
      if (!current.has(a)) {
        let keepFiring = false
        if (a.state === 'firing' && this.keepFiringForMs > 0) {
          a.keepFiringSinceMs ??= ts
          keepFiring = ts - a.keepFiringSinceMs < this.keepFiringForMs
        }
        if (
          a.state === 'pending' ||
          (a.resolvedAtMs !== undefined && ts - a.resolvedAtMs > RESOLVED_RETENTION_MS)
        )
          this.remove(a)
        if (a.state !== 'inactive' && !keepFiring) {
          a.state = 'inactive'
          a.resolvedAtMs = ts
        }
        if (!keepFiring) continue
      } else a.keepFiringSinceMs = undefined
      activeCount++
      if (a.state === 'pending' && ts - a.activeAtMs >= this.forMs) {
        a.state = 'firing'
        a.firedAtMs = ts
      }
      if (this.restored) {
        out.push({ metric: this.alertsSeries(a), t: queryTime, f: 1 })
        out.push({ metric: this.forStateSeries(a), t: queryTime, f: Math.trunc(a.activeAtMs / 1000) })
      }
    }
    if (ctx.limit > 0 && activeCount > ctx.limit) {
      this.active = new Map()
      throw new RuleEvalError(`exceeded limit of ${ctx.limit} with ${activeCount} alerts`)
    }
    return out
  }

  /**
   * Hands the alerts due to the notifier: firing ones every `resendDelayMs`, resolved ones once
   * more after resolving. Each sent alert is valid for four evaluation or resend periods.
   */
  sendAlerts(ts: number, resendDelayMs: number, intervalMs: number, notify: NotifyFunc): void {
    const batch: Alert[] = []
    for (const a of this.allAlerts()) {
      if (a.state === 'pending') continue
      const sent = a.lastSentAtMs
      const due =
        sent === undefined ||
        (a.resolvedAtMs !== undefined && a.resolvedAtMs > sent) ||
        sent + resendDelayMs < ts
      if (!due) continue
      a.lastSentAtMs = ts
      a.validUntilMs = ts + 4 * Math.max(resendDelayMs, intervalMs)
      batch.push({ ...a })
    }
    if (batch.length > 0) notify(this.expr, batch)
  }

  /** The ALERTS_FOR_STATE selector's labels for restoring: `alertname` plus the rule's static labels. */
  forStateMatch(): Record<string, string> {
    return { ...this.labels, __name__: 'ALERTS_FOR_STATE', alertname: this.name }
  }

  private async alertFor(
    sample: Sample,
    ctx: RuleEvalContext,
    funcs: ReturnType<typeof alertTemplateFuncs>,
  ): Promise<Alert> {
    const metric = sample.metric.toRecord()
    const expand = (text: string): Promise<string> =>
      expandRuleTemplate(
        this.name,
        text,
        { labels: metric, value: sample.f },
        ctx,
        funcs,
        ctx.onTemplateError,
      )
    const record = { ...metric }
    delete record['__name__']
    for (const [name, text] of Object.entries(this.labels)) record[name] = await expand(text)
    record['alertname'] = this.name
    const annotations: Record<string, string> = {}
    for (const [name, text] of Object.entries(this.annotations)) annotations[name] = await expand(text)
    return {
      state: 'pending',
      labels: Labels.fromRecord(record),
      annotations: Labels.fromRecord(annotations),
      value: sample.f,
      activeAtMs: ctx.timeMs,
      firedAtMs: undefined,
      resolvedAtMs: undefined,
      lastSentAtMs: undefined,
      validUntilMs: undefined,
      keepFiringSinceMs: undefined,
    }
  }

  private alertsSeries(a: Alert): Labels {
    return Labels.fromRecord({ ...a.labels.toRecord(), __name__: 'ALERTS', alertstate: a.state })
  }

  private forStateSeries(a: Alert): Labels {
    return Labels.fromRecord({ ...a.labels.toRecord(), __name__: 'ALERTS_FOR_STATE' })
  }

  private find(labels: Labels): Alert | undefined {
    return this.active.get(labels.hash())?.find((a) => a.labels.equals(labels))
  }

  private add(a: Alert): void {
    const h = a.labels.hash()
    const chain = this.active.get(h)
    if (chain === undefined) this.active.set(h, [a])
    else chain.push(a)
  }

  private remove(a: Alert): void {
    const h = a.labels.hash()
    const chain = this.active.get(h)?.filter((o) => o !== a)
    if (chain === undefined || chain.length === 0) this.active.delete(h)
    else this.active.set(h, chain)
  }
}
