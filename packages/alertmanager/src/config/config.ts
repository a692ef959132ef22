import { isLegacyLabelName } from '@watchfire/model'
import { ConfigError } from '../errors.js'
import type { AmMatcher } from '../labels/matcher.js'
import { parseDuration } from './duration.js'
import { parseHttpConfig } from './http-config.js'
import { parseReceiver, checkHostPort, type ReceiverConfig, type SmtpDefaults } from './receivers.js'
import { parseLegacyMatch, parseMatcherList, parseRoute, type RouteConfig } from './route-config.js'
import { parseTimeIntervals } from './time-interval-config.js'
import type { TimeInterval } from './time-interval.js'
import { bool, fields, seq, str, strList, where, parseYaml, type YNode } from './yaml-node.js'

/** The `global` block with the original's defaults applied. */
export interface GlobalConfig extends SmtpDefaults {
  resolveTimeoutMs: number
}

/** An inhibition rule, with the deprecated `*_match`/`*_match_re` folded into the matcher lists. */
export interface InhibitRuleConfig {
  sourceMatchers: AmMatcher[]
  targetMatchers: AmMatcher[]
  equal: string[]
}

/** A loaded, validated alertmanager.yml. */
export interface AlertmanagerConfig {
  global: GlobalConfig
  route: RouteConfig
  inhibitRules: InhibitRuleConfig[]
  receivers: ReceiverConfig[]
  /** Template globs as written (relative ones resolved by {@link loadConfigFile}). */
  templates: string[]
  /** `time_intervals` and the deprecated `mute_time_intervals`, by name. */
  timeIntervals: Map<string, TimeInterval[]>
  /** The file's text, served by /api/v2/status. */
  original: string
}

const GLOBAL_FIELDS = [
  'resolve_timeout',
  'http_config',
  'smtp_from',
  'smtp_hello',
  'smtp_smarthost',
  'smtp_auth_username',
  'smtp_auth_password',
  'smtp_auth_password_file',
  'smtp_auth_secret',
  'smtp_auth_identity',
  'smtp_require_tls',
  'slack_api_url',
  'slack_api_url_file',
  'pagerduty_url',
  'opsgenie_api_url',
  'opsgenie_api_key',
  'opsgenie_api_key_file',
  'wechat_api_url',
  'wechat_api_secret',
  'wechat_api_corp_id',
  'victorops_api_url',
  'victorops_api_key',
  'victorops_api_key_file',
  'telegram_api_url',
  'webex_api_url',
]

function parseGlobal(node: YNode | undefined): GlobalConfig {
  const f = node === undefined ? new Map<string, YNode>() : fields(node, GLOBAL_FIELDS, 'config.GlobalConfig')
  const timeout = f.get('resolve_timeout')
  let resolveTimeoutMs = 5 * 60_000
  if (timeout !== undefined && !(timeout.kind === 'scalar' && timeout.isNull)) {
    const ms = parseDuration(str(timeout))
    if (typeof ms === 'string') throw new ConfigError(`${ms} at ${where(timeout)}`)
    resolveTimeoutMs = ms
  }
  for (const [a, b] of [
    ['slack_api_url', 'slack_api_url_file'],
    ['opsgenie_api_key', 'opsgenie_api_key_file'],
    ['victorops_api_key', 'victorops_api_key_file'],
    ['smtp_auth_password', 'smtp_auth_password_file'],
  ] as const) {
    if (str(f.get(a)) !== '' && str(f.get(b)) !== '') {
      throw new ConfigError(`at most one of ${a} & ${b} must be configured (global)`)
    }
  }
  const smarthost = f.get('smtp_smarthost')
  const http = f.get('http_config')
  return {
    resolveTimeoutMs,
    http: http === undefined ? undefined : parseHttpConfig(http),
    from: str(f.get('smtp_from')),
    hello: str(f.get('smtp_hello')) || 'localhost',
    smarthost: smarthost === undefined ? '' : checkHostPort(str(smarthost), smarthost),
    authUsername: str(f.get('smtp_auth_username')),
    authPassword: str(f.get('smtp_auth_password')),
    authPasswordFile: str(f.get('smtp_auth_password_file')),
    authSecret: str(f.get('smtp_auth_secret')),
    authIdentity: str(f.get('smtp_auth_identity')),
    requireTls: bool(f.get('smtp_require_tls'), true),
  }
}

const INHIBIT_FIELDS = [
  'source_match',
  'source_match_re',
  'source_matchers',
  'target_match',
  'target_match_re',
  'target_matchers',
  'equal',
]

function parseInhibitRule(node: YNode): InhibitRuleConfig {
  const f = fields(node, INHIBIT_FIELDS, 'config.InhibitRule')
  const equal = strList(f.get('equal')) ?? []
  for (const name of equal) {
    if (!isLegacyLabelName(name)) {
      throw new ConfigError(
        `invalid label name ${JSON.stringify(name)} in equal at ${where(f.get('equal') as YNode)}`,
      )
    }
  }
  return {
    sourceMatchers: [
      ...parseLegacyMatch(f.get('source_match'), f.get('source_match_re')),
      ...parseMatcherList(f.get('source_matchers')),
    ],
    targetMatchers: [
      ...parseLegacyMatch(f.get('target_match'), f.get('target_match_re')),
      ...parseMatcherList(f.get('target_matchers')),
    ],
    equal,
  }
}

function walk(route: RouteConfig, visit: (r: RouteConfig) => void): void {
  for (const child of route.routes) walk(child, visit)
  visit(route)
}

const TOP_FIELDS = [
  'global',
  'route',
  'inhibit_rules',
  'receivers',
  'templates',
  'mute_time_intervals',
  'time_intervals',
]

/**
 * Parses and validates alertmanager.yml text as the original does: the same files are accepted and
 * rejected, and every error names the field (and line) at fault.
 * @throws ConfigError
 */
export function parseConfig(text: string): AlertmanagerConfig {
  const root = parseYaml(text)
  const f = root === undefined ? new Map<string, YNode>() : fields(root, TOP_FIELDS, 'config.plain')
  const global = parseGlobal(f.get('global'))
  const routeNode = f.get('route')
  const route =
    routeNode === undefined || (routeNode.kind === 'scalar' && routeNode.isNull)
      ? undefined
      : parseRoute(routeNode)
  const inhibitRules = seq(f.get('inhibit_rules')).map(parseInhibitRule)
  const receivers = seq(f.get('receivers')).map((n) => parseReceiver(n, global))
  const templates = strList(f.get('templates')) ?? []
  const timeIntervals = new Map<string, TimeInterval[]>()
  const names = new Set<string>()
  for (const r of receivers) {
    if (names.has(r.name))
      throw new ConfigError(`notification config name ${JSON.stringify(r.name)} is not unique`)
    names.add(r.name)
  }
  if (route === undefined) throw new ConfigError('no route provided in config')
  if (route.receiver === '')
    throw new ConfigError(`root route must specify a default receiver at ${where(route.node)}`)
  if (route.matchers.length > 0)
    throw new ConfigError(`root route must not have any matchers at ${where(route.node)}`)
  if (route.muteTimeIntervals.length > 0) {
    throw new ConfigError(`root route must not have any mute time intervals at ${where(route.node)}`)
  }
  if (route.activeTimeIntervals.length > 0) {
    throw new ConfigError(`root route must not have any active time intervals at ${where(route.node)}`)
  }
  walk(route, (r) => {
    if (r.receiver !== '' && !names.has(r.receiver)) {
      throw new ConfigError(
        `undefined receiver ${JSON.stringify(r.receiver)} used in route at ${where(r.node)}`,
      )
    }
  })
  for (const [key, label] of [
    ['mute_time_intervals', 'mute time interval'],
    ['time_intervals', 'time interval'],
  ] as const) {
    for (const [name, intervals] of parseTimeIntervals(f.get(key), label)) {
      if (timeIntervals.has(name)) throw new ConfigError(`${label} ${JSON.stringify(name)} is not unique`)
      timeIntervals.set(name, intervals)
    }
  }
  walk(route, (r) => {
    for (const name of [...r.activeTimeIntervals, ...r.muteTimeIntervals]) {
      if (!timeIntervals.has(name)) {
        throw new ConfigError(
          `undefined time interval ${JSON.stringify(name)} used in route at ${where(r.node)}`,
        )
      }
    }
  })
  if (route.continue) throw new ConfigError('cannot have continue in root route')
  return { global, route, inhibitRules, receivers, templates, timeIntervals, original: text }
}
