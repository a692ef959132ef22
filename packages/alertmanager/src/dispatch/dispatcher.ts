import type { Alert } from '../alert.js'
import type { Clock, TimerHandle } from '../clock.js'
import type { AlertStore } from '../store/alert-store.js'
import { AggregationGroup, type FlushFn } from './aggregation-group.js'
import type { Route } from './route.js'

/** How often empty aggregation groups are dropped (the original's 30 s). */
const GC_INTERVAL_MS = 30_000

/**
 * The alert's group within a route, as a map key, so finding the group of a posted alert costs no hash and no
 * label-set copy. With group_by: the values in group_by order, length-prefixed so no two label sets share a
 * key and a missing label differs from an empty one. With group_by `...`: the alert's own fingerprint, as
 * its group labels are all its labels.
 */
function groupKeyOf(route: Route, alert: Alert): string {
  if (route.opts.groupByAll) return alert.fingerprint
  let key = ''
  for (const n of route.opts.groupBy) {
    const v = alert.labels[n]
    key += v === undefined ? '-' : `${v.length}:${v}`
  }
  return key
}

/** The group's labels: the alert's group_by labels that it has (all of them for `...`). */
function groupLabelsOf(route: Route, alert: Alert): Record<string, string> {
  if (route.opts.groupByAll) return { ...alert.labels }
  const labels: Record<string, string> = {}
  for (const n of route.opts.groupBy) if (alert.labels[n] !== undefined) labels[n] = alert.labels[n]
  return labels
}

/**
 * Routes every stored alert through the tree and into aggregation groups keyed by route and group labels;
 * the groups flush through the notification pipeline on their own timers.
 */
export class Dispatcher {
  private readonly groups = new Map<Route, Map<string, AggregationGroup>>()
  private unsubscribe: (() => void) | undefined
  private gcTimer: TimerHandle | undefined

  constructor(
    private readonly route: Route,
    private readonly store: AlertStore,
    private readonly clock: Clock,
    private readonly send: FlushFn,
  ) {}

  /** Starts with the alerts already stored, then follows every new one. */
  start(): void {
    for (const a of this.store.all()) this.process(a)
    this.unsubscribe = this.store.subscribe((a) => this.process(a))
    const gc = (): void => {
      this.gc()
      this.gcTimer = this.clock.setTimer(gc, GC_INTERVAL_MS)
    }
    this.gcTimer = this.clock.setTimer(gc, GC_INTERVAL_MS)
  }

  /** Stops following alerts and stops every group's timers. */
  stop(): void {
    this.unsubscribe?.()
    this.gcTimer?.cancel()
    for (const groups of this.groups.values()) for (const g of groups.values()) g.stop()
    this.groups.clear()
  }

  private process(alert: Alert): void {
    for (const route of this.route.match(alert.labels)) {
      const key = groupKeyOf(route, alert)
      let byRoute = this.groups.get(route)
      if (byRoute === undefined) this.groups.set(route, (byRoute = new Map()))
      let group = byRoute.get(key)
      if (group === undefined) {
        group = new AggregationGroup(route, groupLabelsOf(route, alert), this.clock, this.send)
        byRoute.set(key, group)
      }
      group.insert(alert)
    }
  }

  /** Drops empty groups. */
  gc(): void {
    for (const byRoute of this.groups.values()) {
      for (const [fp, g] of byRoute) {
        if (g.empty()) {
          g.stop()
          byRoute.delete(fp)
        }
      }
    }
  }

  /** Every current aggregation group, for /api/v2/alerts/groups. */
  allGroups(): AggregationGroup[] {
    const out: AggregationGroup[] = []
    for (const byRoute of this.groups.values()) out.push(...byRoute.values())
    return out
  }
}
