import type { Registry } from '@watchfire/client'
import type { Engine } from '@watchfire/promql'
import type { Appendable, Queryable } from '@watchfire/storage'
import type { Config } from './config/config-types.js'
import type { NotifyFunc } from './rules/alert.js'
import { RuleManager } from './rules/manager.js'
import type { RulesConfig } from './rules/manager.js'
import { engineQueryFunc } from './rules/query-func.js'

/** What the server's rules manager is built from. */
export interface ServerRulesDeps {
  engine: Engine
  queryable: Queryable
  appendable: Appendable
  /** Where the rule self-metrics (prometheus_rule_*) are served. */
  registry: Registry
  log: (message: string) => void
  /** Where alerts go (the notifier); dropped when absent. */
  notify?: NotifyFunc
  /** --web.external-url, for the `externalURL` template function. */
  externalURL?: string
  /** --rules.alert.resend-delay, --rules.alert.for-outage-tolerance, --rules.alert.for-grace-period */
  resendDelayMs?: number
  outageToleranceMs?: number
  forGracePeriodMs?: number
}

/** The rules part of a configuration: `rule_files` (already resolved against the config file's directory) and the global settings. */
export function rulesConfigOf(config: Config): RulesConfig {
  return {
    ruleFiles: config.ruleFiles,
    evaluationIntervalMs: config.global.evaluationIntervalMs,
    externalLabels: config.global.externalLabels,
  }
}

/**
 * The server's rule manager: evaluates over the engine and the TSDB, writes to the TSDB, and
 * hands alerts to `notify` (the notifier).
 */
export function createServerRules(deps: ServerRulesDeps): RuleManager {
  return new RuleManager({
    appendable: deps.appendable,
    queryable: deps.queryable,
    query: engineQueryFunc(deps.engine, deps.queryable),
    registry: deps.registry,
    notify: deps.notify,
    externalURL: deps.externalURL,
    resendDelayMs: deps.resendDelayMs,
    outageToleranceMs: deps.outageToleranceMs,
    forGracePeriodMs: deps.forGracePeriodMs,
    log: (message, err) =>
      deps.log(
        `level=warn component="rule manager" msg=${JSON.stringify(message)} err=${JSON.stringify(err instanceof Error ? err.message : String(err))}`,
      ),
  })
}
