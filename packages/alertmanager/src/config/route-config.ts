import { isLegacyLabelName } from '@watchfire/model'
import { ConfigError, MatcherError } from '../errors.js'
import { AmMatcher, parseMatchers } from '../labels/matcher.js'
import { parseDuration } from './duration.js'
import { bool, fields, seq, str, strList, strMap, where, type YNode } from './yaml-node.js'

/** A `route` node as written (before inheritance from its parent). */
export interface RouteConfig {
  receiver: string
  /** Undefined when `group_by` is absent (inherit); `[]` when it lists only `...`. */
  groupBy: string[] | undefined
  groupByAll: boolean
  /** `match`, `match_re` and `matchers` together. */
  matchers: AmMatcher[]
  muteTimeIntervals: string[]
  activeTimeIntervals: string[]
  continue: boolean
  routes: RouteConfig[]
  groupWaitMs: number | undefined
  groupIntervalMs: number | undefined
  repeatIntervalMs: number | undefined
  /** The YAML node, for errors found later (undefined receivers, time intervals). */
  node: YNode
}

/** Parses `matchers:` (new syntax strings) into matchers, naming the field on failure. */
export function parseMatcherList(node: YNode | undefined): AmMatcher[] {
  const out: AmMatcher[] = []
  for (const item of seq(node)) {
    try {
      out.push(...parseMatchers(str(item)))
    } catch (err) {
      if (err instanceof MatcherError)
        throw new ConfigError(`${err.message} at ${where(item)}`, { cause: err })
      throw err
    }
  }
  return out
}

/** Parses the deprecated `match` (equality) and `match_re` (regex) maps. */
export function parseLegacyMatch(match: YNode | undefined, matchRe: YNode | undefined): AmMatcher[] {
  const out: AmMatcher[] = []
  for (const [name, value, node] of strMap(match)) {
    if (!isLegacyLabelName(name))
      throw new ConfigError(`invalid label name ${JSON.stringify(name)} at ${where(node)}`)
    out.push(new AmMatcher('=', name, value))
  }
  for (const [name, value, node] of strMap(matchRe)) {
    if (!isLegacyLabelName(name))
      throw new ConfigError(`invalid label name ${JSON.stringify(name)} at ${where(node)}`)
    if (node.kind === 'scalar' && node.isNull) {
      throw new ConfigError(`invalid regexp value for ${JSON.stringify(name)} at ${where(node)}`)
    }
    try {
      out.push(new AmMatcher('=~', name, value))
    } catch (err) {
      throw new ConfigError(`${(err as Error).message} at ${where(node)}`, { cause: err })
    }
  }
  return out
}

function duration(node: YNode | undefined): number | undefined {
  if (node === undefined || (node.kind === 'scalar' && node.isNull)) return undefined
  const ms = parseDuration(str(node))
  if (typeof ms === 'string') throw new ConfigError(`${ms} at ${where(node)}`)
  return ms
}

const FIELDS = [
  'receiver',
  'group_by',
  'match',
  'match_re',
  'matchers',
  'mute_time_intervals',
  'active_time_intervals',
  'continue',
  'routes',
  'group_wait',
  'group_interval',
  'repeat_interval',
]

/** Parses a route node and its children, with the original's per-node checks. */
export function parseRoute(node: YNode): RouteConfig {
  const f = fields(node, FIELDS, 'config.Route')
  const groupByStr = strList(f.get('group_by'))
  let groupBy: string[] | undefined
  let groupByAll = false
  if (groupByStr !== undefined) {
    for (const name of groupByStr) {
      if (name === '...') groupByAll = true
      else {
        if (!isLegacyLabelName(name)) {
          throw new ConfigError(
            `invalid label name ${JSON.stringify(name)} in group_by list at ${where(f.get('group_by') as YNode)}`,
          )
        }
        ;(groupBy ??= []).push(name)
      }
    }
    if (groupBy !== undefined && groupByAll) {
      throw new ConfigError(
        `cannot have wildcard group_by (\`...\`) and other other labels at the same time at ${where(f.get('group_by') as YNode)}`,
      )
    }
    const seen = new Set<string>()
    for (const name of groupBy ?? []) {
      if (seen.has(name))
        throw new ConfigError(
          `duplicated label ${JSON.stringify(name)} in group_by at ${where(f.get('group_by') as YNode)}`,
        )
      seen.add(name)
    }
  }
  const routes = seq(f.get('routes')).map(parseRoute)
  const matchers = [
    ...parseLegacyMatch(f.get('match'), f.get('match_re')),
    ...parseMatcherList(f.get('matchers')),
  ]
  const groupIntervalMs = duration(f.get('group_interval'))
  const repeatIntervalMs = duration(f.get('repeat_interval'))
  if (groupIntervalMs === 0)
    throw new ConfigError(`group_interval cannot be zero at ${where(f.get('group_interval') as YNode)}`)
  if (repeatIntervalMs === 0)
    throw new ConfigError(`repeat_interval cannot be zero at ${where(f.get('repeat_interval') as YNode)}`)
  return {
    receiver: str(f.get('receiver')),
    groupBy: groupByAll ? undefined : groupBy,
    groupByAll,
    matchers,
    muteTimeIntervals: strList(f.get('mute_time_intervals')) ?? [],
    activeTimeIntervals: strList(f.get('active_time_intervals')) ?? [],
    continue: bool(f.get('continue'), false),
    routes,
    groupWaitMs: duration(f.get('group_wait')),
    groupIntervalMs,
    repeatIntervalMs,
    node,
  }
}
