import type { Registry } from '@watchfire/client'
import type { Appendable, Queryable } from '@watchfire/storage'
import { globFiles } from '../config/glob.js'
import type { NotifyFunc } from './alert.js'
import { SYSTEM_CLOCK, type Clock } from './clock.js'
import { restoreForState } from './for-state-restore.js'
import type { GroupContext, RuleGroup } from './group.js'
import { buildGroups, readRuleFiles } from './load-groups.js'
import type { QueryFunc } from './query-func.js'
import { RuleMetrics } from './rule-metrics.js'
import type { RuleGroupDefinition } from './rule-types.js'

/** What the rules manager works with; only `appendable`, `queryable` and `query` are required. */
export interface RuleManagerOptions {
  /** Where recording rules and ALERTS series go (the scraper's Appendable). */
  appendable: Appendable
  /** Read for restoring `for` state from ALERTS_FOR_STATE. */
  queryable: Queryable
  query: QueryFunc
  /** Receives alerts to send; default drops them (no notifier configured). */
  notify?: NotifyFunc
  clock?: Clock
  /** Registry for the self-metrics; default registers nowhere. */
  registry?: Registry
  externalURL?: string
  /** Default 1m (`--rules.alert.resend-delay`). */
  resendDelayMs?: number
  /** Default 1h (`--rules.alert.for-outage-tolerance`). */
  outageToleranceMs?: number
  /** Default 10m (`--rules.alert.for-grace-period`). */
  forGracePeriodMs?: number
  log?: (message: string, err: unknown) => void
}

/** The part of the configuration the rules manager uses. */
export interface RulesConfig {
  /** `rule_files`: paths or globs (wildcards in the last segment only). */
  ruleFiles: readonly string[]
  evaluationIntervalMs: number
  /** `global.rule_query_offset`; default 0. */
  queryOffsetMs?: number
  externalLabels?: Readonly<Record<string, string>>
}

interface Running {
  group: RuleGroup
  controller: AbortController
  done: Promise<void>
}

/**
 * Runs the rule groups of the configured rule files: every group on its own timer, concurrently;
 * a reload keeps unchanged groups running, carries state (alerts, staleness bookkeeping) over to
 * changed ones, and marks the series of removed ones stale. A bad rule file fails `applyConfig`
 * and leaves the running rules as they were.
 */
export class RuleManager {
  readonly metrics: RuleMetrics
  private readonly options: RuleManagerOptions
  private readonly clock: Clock
  private running = new Map<string, Running>()
  /** Groups of the first load, which restore `for` state after their second evaluation. */
  private readonly restoreLater = new Set<Running>()
  private definitions = new Map<string, string>()
  private signal: AbortSignal | undefined
  private restored = false
  private queue: Promise<void> = Promise.resolve()

  constructor(options: RuleManagerOptions) {
    this.options = options
    this.clock = options.clock ?? SYSTEM_CLOCK
    this.metrics = new RuleMetrics(options.registry)
  }

  /** The groups currently loaded, in file and definition order. */
  groups(): RuleGroup[] {
    return [...this.running.values()].map((r) => r.group)
  }

  /** Loads the rule files and swaps groups in; rejects with RuleFileError (keeping the old rules) on a bad file. */
  applyConfig(config: RulesConfig): Promise<void> {
    const next = this.queue.then(() => this.apply(config))
    this.queue = next.catch(() => undefined)
    return next
  }

  /** Starts the loaded groups (and any loaded later); resolves once `signal` aborts and every group stopped. */
  async run(signal: AbortSignal): Promise<void> {
    this.signal = signal
    for (const entry of this.running.values()) this.start(entry)
    await new Promise<void>((resolve) => {
      if (signal.aborted) return resolve()
      signal.addEventListener('abort', () => resolve(), { once: true })
    })
    await this.queue
    for (const entry of this.running.values()) entry.controller.abort()
    await Promise.all([...this.running.values()].map((r) => r.done))
  }

  private async apply(config: RulesConfig): Promise<void> {
    const files: string[] = []
    for (const pattern of config.ruleFiles) files.push(...(await globFiles(pattern)))
    const defs = await readRuleFiles(files)
    const ctx: GroupContext = {
      appendable: this.options.appendable,
      query: this.options.query,
      notify: this.options.notify ?? (() => undefined),
      clock: this.clock,
      metrics: this.metrics,
      externalLabels: config.externalLabels ?? {},
      externalURL: this.options.externalURL ?? '',
      resendDelayMs: this.options.resendDelayMs ?? 60_000,
      log: this.options.log ?? (() => undefined),
    }
    const shouldRestore = !this.restored
    const defaults = {
      intervalMs: config.evaluationIntervalMs,
      queryOffsetMs: config.queryOffsetMs ?? 0,
      restored: !shouldRestore,
    }
    const groups = buildGroups(defs, defaults, ctx)
    const identities = new Map(defs.map((d, i) => [groups[i]?.key ?? '', identity(d, defaults, ctx)]))
    const next = new Map<string, Running>()
    for (const group of groups) {
      const old = this.running.get(group.key)
      if (old !== undefined && this.definitions.get(group.key) === identities.get(group.key)) {
        next.set(group.key, old)
        continue
      }
      if (old !== undefined) {
        old.controller.abort()
        await old.done
        group.copyState(old.group)
      }
      const entry: Running = { group, controller: new AbortController(), done: Promise.resolve() }
      if (shouldRestore) this.restoreLater.add(entry)
      next.set(group.key, entry)
      if (this.signal !== undefined) this.start(entry)
    }
    for (const [key, old] of this.running) {
      if (next.has(key)) continue
      old.controller.abort()
      await old.done
      await old.group.markStale(this.clock.now())
    }
    this.running = next
    this.definitions = identities
    this.restored = true
  }

  private start(entry: Running): void {
    const signal = this.signal
    if (signal === undefined || signal.aborted) return
    const stop = (): void => entry.controller.abort()
    signal.addEventListener('abort', stop, { once: true })
    const restore = this.restoreLater.has(entry)
    this.restoreLater.delete(entry)
    const afterSecond = restore
      ? () =>
          restoreForState(entry.group.rules, this.options.queryable, this.clock.now(), {
            outageToleranceMs: this.options.outageToleranceMs ?? 3_600_000,
            forGracePeriodMs: this.options.forGracePeriodMs ?? 600_000,
          }).catch((err: unknown) =>
            this.options.log?.(`cannot restore for state (group ${entry.group.key})`, err),
          )
      : undefined
    entry.done = entry.group
      .run(entry.controller.signal, afterSecond)
      .finally(() => signal.removeEventListener('abort', stop))
  }
}

function identity(
  def: RuleGroupDefinition,
  defaults: { intervalMs: number; queryOffsetMs: number },
  ctx: GroupContext,
): string {
  return JSON.stringify([
    def,
    defaults.intervalMs,
    defaults.queryOffsetMs,
    ctx.externalLabels,
    ctx.externalURL,
  ])
}
