import { Counter, Gauge, Summary, type Registry } from '@watchfire/client'

/**
 * The rules engine's self-metrics, with Prometheus's names so dashboards built for Prometheus
 * work; `rule_group` is `<file>;<group name>`. Template failures have no Prometheus counterpart,
 * hence the `watchfire_` prefix.
 */
export class RuleMetrics {
  readonly evalDuration: Summary
  readonly groupDuration: Summary
  readonly iterationsMissed: Counter<'rule_group'>
  readonly iterationsScheduled: Counter<'rule_group'>
  readonly evalTotal: Counter<'rule_group'>
  readonly evalFailures: Counter<'rule_group'>
  readonly groupInterval: Gauge<'rule_group'>
  readonly groupLastEvalTime: Gauge<'rule_group'>
  readonly groupLastDuration: Gauge<'rule_group'>
  readonly groupLastRuleDurationSum: Gauge<'rule_group'>
  readonly groupRules: Gauge<'rule_group'>
  readonly groupSamples: Gauge<'rule_group'>
  readonly templateErrors: Counter<'rule_group'>

  /** Registers the metrics with `registry`, or nowhere when it is undefined (tests, tools). */
  constructor(registry?: Registry) {
    const registers = registry === undefined ? [] : [registry]
    const group = { labelNames: ['rule_group'] as const, registers }
    this.evalDuration = new Summary({
      name: 'prometheus_rule_evaluation_duration_seconds',
      help: 'The duration for a rule to execute.',
      percentiles: [0.5, 0.9, 0.99],
      registers,
    })
    this.groupDuration = new Summary({
      name: 'prometheus_rule_group_duration_seconds',
      help: 'The duration of rule group evaluations.',
      percentiles: [0.01, 0.05, 0.5, 0.9, 0.99],
      registers,
    })
    this.iterationsMissed = new Counter({
      name: 'prometheus_rule_group_iterations_missed_total',
      help: 'The total number of rule group evaluations missed due to slow rule group evaluation.',
      ...group,
    })
    this.iterationsScheduled = new Counter({
      name: 'prometheus_rule_group_iterations_total',
      help: 'The total number of scheduled rule group evaluations, whether executed or missed.',
      ...group,
    })
    this.evalTotal = new Counter({
      name: 'prometheus_rule_evaluations_total',
      help: 'The total number of rule evaluations.',
      ...group,
    })
    this.evalFailures = new Counter({
      name: 'prometheus_rule_evaluation_failures_total',
      help: 'The total number of rule evaluation failures.',
      ...group,
    })
    this.groupInterval = new Gauge({
      name: 'prometheus_rule_group_interval_seconds',
      help: 'The interval of a rule group.',
      ...group,
    })
    this.groupLastEvalTime = new Gauge({
      name: 'prometheus_rule_group_last_evaluation_timestamp_seconds',
      help: 'The timestamp of the last rule group evaluation in seconds.',
      ...group,
    })
    this.groupLastDuration = new Gauge({
      name: 'prometheus_rule_group_last_duration_seconds',
      help: 'The duration of the last rule group evaluation.',
      ...group,
    })
    this.groupLastRuleDurationSum = new Gauge({
      name: 'prometheus_rule_group_last_rule_duration_sum_seconds',
      help: 'The sum of time in seconds it took to evaluate each rule in the group regardless of concurrency.',
      ...group,
    })
    this.groupRules = new Gauge({
      name: 'prometheus_rule_group_rules',
      help: 'The number of rules.',
      ...group,
    })
    this.groupSamples = new Gauge({
      name: 'prometheus_rule_group_last_evaluation_samples',
      help: 'The number of samples returned during the last rule group evaluation.',
      ...group,
    })
    this.templateErrors = new Counter({
      name: 'watchfire_rule_template_errors_total',
      help: 'The total number of alert label and annotation templates that failed to expand.',
      ...group,
    })
  }

  /** Drops the series of a group that no longer exists. */
  removeGroup(key: string): void {
    for (const m of [
      this.iterationsMissed,
      this.iterationsScheduled,
      this.evalTotal,
      this.evalFailures,
      this.groupInterval,
      this.groupLastEvalTime,
      this.groupLastDuration,
      this.groupLastRuleDurationSum,
      this.groupRules,
      this.groupSamples,
      this.templateErrors,
    ])
      m.remove({ rule_group: key })
  }
}
