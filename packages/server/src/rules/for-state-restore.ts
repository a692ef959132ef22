import { Matcher } from '@watchfire/model'
import { isStaleNaN, ValueType, type Queryable } from '@watchfire/storage'
import { AlertingRule } from './alerting-rule.js'
import type { Rule } from './rule.js'

/** Bounds of for-state restoring (`--rules.alert.for-outage-tolerance`, `--rules.alert.for-grace-period`). */
export interface ForStateOptions {
  /** Alerts active longer ago than this before `timeMs` are not restored. Default 1h. */
  outageToleranceMs: number
  /** A restored alert never fires sooner than this after the restart. Default 10m. */
  forGracePeriodMs: number
}

/**
 * Restores when each pending or firing alert of `rules` became active, from the ALERTS_FOR_STATE
 * series written before a restart, as Prometheus does: time spent down counts as not pending (the
 * active time moves forward by the outage), and an alert never fires sooner than the grace period
 * after the restart. Rules whose `for` is shorter than the grace period are left alone. Every
 * alerting rule is marked restored afterwards, so it starts writing its ALERTS series.
 */
export async function restoreForState(
  rules: readonly Rule[],
  queryable: Queryable,
  timeMs: number,
  options: ForStateOptions,
): Promise<void> {
  const querier = await queryable
    .querier(timeMs - options.outageToleranceMs, timeMs)
    .catch((err: unknown) => {
      // Without the old state, alerts start over; they must still write their series.
      for (const rule of rules) if (rule instanceof AlertingRule) rule.restored = true
      throw err
    })
  try {
    for (const rule of rules) {
      if (!(rule instanceof AlertingRule)) continue
      if (rule.forMs < options.forGracePeriodMs) {
        rule.restored = true
        continue
      }
      const last = new Map<string, { t: number; v: number }>()
      const set = querier.select(
        false,
        undefined,
        new Matcher('=', '__name__', 'ALERTS_FOR_STATE'),
        new Matcher('=', 'alertname', rule.name),
      )
      while (set.next()) {
        const series = set.at()
        const it = series.iterator()
        let t = 0
        let v = NaN
        let found = false
        while (it.next() === ValueType.Float) {
          t = it.atT()
          v = it.atF()
          found = true
        }
        if (found) last.set(series.labels.without('__name__').toFlat().join('\xff'), { t, v })
      }
      for (const alert of rule.activeAlerts()) {
        const sample = last.get(alert.labels.toFlat().join('\xff'))
        if (sample === undefined || isStaleNaN(sample.v)) continue
        const downAtMs = Math.floor(sample.t / 1000) * 1000
        let activeAtMs = sample.v * 1000
        const remainingMs = rule.forMs - (downAtMs - activeAtMs)
        if (remainingMs <= 0) {
          // It was firing when the server went down; the next evaluation decides whether it still is.
        } else if (remainingMs < options.forGracePeriodMs) {
          activeAtMs = timeMs + options.forGracePeriodMs - rule.forMs
        } else {
          activeAtMs += timeMs - downAtMs
        }
        alert.activeAtMs = activeAtMs
      }
      rule.restored = true
    }
  } finally {
    querier.close()
  }
}
