import { isResolvedAt, type Alert } from '../alert.js'
import type { Clock } from '../clock.js'
import type { InhibitRuleConfig } from '../config/config.js'
import { matchesAll, type LabelSet } from '../labels/matcher.js'
import type { AlertStore } from '../store/alert-store.js'

interface Rule {
  config: InhibitRuleConfig
  /** Firing-or-not alerts that match the source matchers, by fingerprint. */
  sources: Map<string, Alert>
}

/**
 * Mutes target alerts while a source alert with the same `equal` labels fires, as the original: an alert
 * matching both sides of a rule does not inhibit itself through that rule.
 */
export class Inhibitor {
  private readonly rules: Rule[]
  private readonly unsubscribe: () => void

  constructor(
    rules: readonly InhibitRuleConfig[],
    store: AlertStore,
    private readonly clock: Clock,
  ) {
    this.rules = rules.map((config) => ({ config, sources: new Map() }))
    const observe = (a: Alert): void => {
      for (const r of this.rules)
        if (matchesAll(r.config.sourceMatchers, a.labels)) r.sources.set(a.fingerprint, a)
    }
    for (const a of store.all()) observe(a)
    this.unsubscribe = store.subscribe(observe)
  }

  /** The fingerprint of the alert that inhibits `labels`, or undefined. */
  inhibitedBy(labels: LabelSet): string | undefined {
    const now = this.clock.now()
    for (const r of this.rules) {
      if (!matchesAll(r.config.targetMatchers, labels)) continue
      const selfIsSource = matchesAll(r.config.sourceMatchers, labels)
      for (const [fp, a] of r.sources) {
        if (isResolvedAt(a, now)) {
          if (a.endsAtMs < now - 15 * 60_000) r.sources.delete(fp)
          continue
        }
        if (!r.config.equal.every((n) => (a.labels[n] ?? '') === (labels[n] ?? ''))) continue
        if (selfIsSource && matchesAll(r.config.targetMatchers, a.labels)) continue
        return fp
      }
    }
    return undefined
  }

  /** Stops listening to the alert store. */
  stop(): void {
    this.unsubscribe()
  }
}
