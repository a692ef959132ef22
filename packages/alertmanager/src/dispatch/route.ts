import type { AlertmanagerConfig } from '../config/config.js'
import type { RouteConfig } from '../config/route-config.js'
import {
  compareMatchers,
  formatMatchers,
  matchesAll,
  type AmMatcher,
  type LabelSet,
} from '../labels/matcher.js'

/** The settings a route hands to the aggregation groups it creates, after inheritance. */
export interface RouteOpts {
  receiver: string
  /** Label names to group by (ignored when `groupByAll`). */
  groupBy: readonly string[]
  groupByAll: boolean
  groupWaitMs: number
  groupIntervalMs: number
  repeatIntervalMs: number
  muteTimeIntervals: readonly string[]
  activeTimeIntervals: readonly string[]
}

const DEFAULT_OPTS: RouteOpts = {
  receiver: '',
  groupBy: [],
  groupByAll: false,
  groupWaitMs: 30_000,
  groupIntervalMs: 5 * 60_000,
  repeatIntervalMs: 4 * 3600_000,
  muteTimeIntervals: [],
  activeTimeIntervals: [],
}

const NO_ROUTES: readonly Route[] = []

/** A node of the routing tree: receiver, grouping and timers inherited from its parent unless set. */
export class Route {
  readonly parent: Route | undefined
  readonly opts: RouteOpts
  /** Sorted as the original sorts them (name, value, operator). */
  readonly matchers: readonly AmMatcher[]
  readonly continue: boolean
  readonly routes: readonly Route[]
  /** `{}/{env="prod"}/…`: stable identity used in group keys. */
  readonly key: string
  /** Position in a depth-first walk; distinguishes siblings with the same matchers. */
  readonly index: number
  private readonly selfOnly: readonly Route[] = [this]

  constructor(config: RouteConfig, parent: Route | undefined, counter: { next: number } = { next: 0 }) {
    this.parent = parent
    this.index = counter.next++
    const base = parent?.opts ?? DEFAULT_OPTS
    const opts: RouteOpts = { ...base }
    if (config.receiver !== '') opts.receiver = config.receiver
    if (config.groupBy !== undefined) {
      opts.groupBy = config.groupBy
      opts.groupByAll = false
    } else if (config.groupByAll) opts.groupByAll = true
    if (config.groupWaitMs !== undefined) opts.groupWaitMs = config.groupWaitMs
    if (config.groupIntervalMs !== undefined) opts.groupIntervalMs = config.groupIntervalMs
    if (config.repeatIntervalMs !== undefined) opts.repeatIntervalMs = config.repeatIntervalMs
    opts.muteTimeIntervals = config.muteTimeIntervals
    opts.activeTimeIntervals = config.activeTimeIntervals
    this.opts = opts
    this.matchers = [...config.matchers].sort(compareMatchers)
    this.continue = config.continue
    this.key = (parent === undefined ? '' : parent.key + '/') + formatMatchers(this.matchers)
    this.routes = config.routes.map((c) => new Route(c, this, counter))
  }

  /**
   * The routes an alert goes to, exactly as the original: the deepest matching children, in order, stopping
   * after the first match unless that child has `continue`; this route itself if no child matches; nothing
   * if this route does not match.
   */
  match(labels: LabelSet): readonly Route[] {
    if (!matchesAll(this.matchers, labels)) return NO_ROUTES
    // A leaf answers with one shared list: matching runs for every posted alert.
    if (this.routes.length === 0) return this.selfOnly
    const all: Route[] = []
    for (const child of this.routes) {
      const matched = child.match(labels)
      all.push(...matched)
      if (matched.length > 0 && !child.continue) break
    }
    if (all.length === 0) all.push(this)
    return all
  }

  /** Visits this route and all below it, depth first. */
  walk(visit: (route: Route) => void): void {
    visit(this)
    for (const child of this.routes) child.walk(visit)
  }
}

/** Builds the routing tree of a configuration. */
export function buildRoutes(config: AlertmanagerConfig): Route {
  return new Route(config.route, undefined)
}
