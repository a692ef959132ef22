import { ConfigError } from './config/config-error.js'
import type { Config } from './config/config-types.js'

/**
 * Flags of `watchfire server` that only make sense with a TSDB, a query engine or rules, and so are
 * refused in agent mode (Prometheus registers these with serverOnlyFlag). Prefixes end with a dot.
 */
const SERVER_ONLY_FLAGS: readonly string[] = [
  'storage.tsdb.',
  'storage.remote.read-',
  'query.',
  'rules.',
  'alertmanager.notification-queue-capacity',
]

/** Flags that only make sense in agent mode. */
const AGENT_ONLY_FLAGS: readonly string[] = ['storage.agent.']

function matches(flag: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => (p.endsWith('.') || p.endsWith('-') ? flag.startsWith(p) : flag === p))
}

/**
 * Checks the flags given on the command line (names without dashes) against the mode, with
 * Prometheus's message naming each offending flag; undefined when they agree.
 */
export function checkModeFlags(given: readonly string[], agent: boolean): string | undefined {
  const wrong = given.filter((f) => matches(f, agent ? SERVER_ONLY_FLAGS : AGENT_ONLY_FLAGS))
  if (wrong.length === 0) return undefined
  const list = wrong.map((f) => JSON.stringify(`--${f}`)).join(' ')
  return agent
    ? `The following flag(s) can not be used in agent mode: [${list}]`
    : `The following flag(s) can only be used in agent mode: [${list}]`
}

/**
 * Refuses the configuration sections an agent cannot serve, as Prometheus 2.42 does when loading
 * the file in agent mode: rules, alerting and remote read all need local queries.
 */
export function checkAgentConfig(config: Config): void {
  const alerting = config.alerting
  if (alerting.alertmanagers.length > 0 || alerting.alertRelabelConfigs.length > 0)
    throw new ConfigError('field alerting is not allowed in agent mode')
  if (config.ruleFiles.length > 0) throw new ConfigError('field rule_files is not allowed in agent mode')
  if ((config.remoteRead ?? []).length > 0)
    throw new ConfigError('field remote_read is not allowed in agent mode')
}
