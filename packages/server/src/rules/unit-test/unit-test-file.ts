import { decodeStrict, StrictYamlError, type ObjectSpec } from './strict-yaml.js'

/** One expected alert of an `alert_rule_test`. */
export interface ExpectedAlert {
  labels: Record<string, string>
  annotations: Record<string, string>
}

/** `alert_rule_test`: the firing alerts of one rule at one time. */
export interface AlertRuleTest {
  evalTimeMs: number
  alertname: string
  expAlerts: ExpectedAlert[]
}

/** `promql_expr_test`: the result of an expression at one time. */
export interface PromqlExprTest {
  expr: string
  evalTimeMs: number
  expSamples: { labels: string; value: number }[]
}

/** One entry of `tests`. */
export interface TestGroup {
  name: string
  /** Spacing of input samples; defaults to the file's evaluation interval. */
  intervalMs: number
  inputSeries: { series: string; values: string }[]
  alertRuleTests: AlertRuleTest[]
  promqlExprTests: PromqlExprTest[]
  externalLabels: Record<string, string>
  externalURL: string
}

/** A rule unit-test file in promtool's format. */
export interface UnitTestFile {
  ruleFiles: string[]
  evaluationIntervalMs: number
  groupEvalOrder: string[]
  tests: TestGroup[]
}

const SPEC: ObjectSpec = {
  type: 'main.unitTestFile',
  fields: {
    rule_files: 'stringList',
    evaluation_interval: 'duration',
    group_eval_order: 'stringList',
    tests: {
      list: {
        type: 'main.testGroup',
        fields: {
          interval: 'duration',
          input_series: { list: { type: 'main.series', fields: { series: 'string', values: 'string' } } },
          alert_rule_test: {
            list: {
              type: 'main.alertTestCase',
              fields: {
                eval_time: 'duration',
                alertname: 'string',
                exp_alerts: {
                  list: {
                    type: 'main.alert',
                    fields: { exp_labels: 'stringMap', exp_annotations: 'stringMap' },
                  },
                },
              },
            },
          },
          promql_expr_test: {
            list: {
              type: 'main.promqlTestCase',
              fields: {
                expr: 'string',
                eval_time: 'duration',
                exp_samples: { list: { type: 'main.sample', fields: { labels: 'string', value: 'float' } } },
              },
            },
          },
          external_labels: 'stringMap',
          external_url: 'string',
          name: 'string',
        },
      },
    },
  },
}

type Raw = Record<string, unknown>
const list = (v: unknown): Raw[] => (Array.isArray(v) ? (v as Raw[]) : [])
const str = (v: unknown): string => (typeof v === 'string' ? v : '')
const num = (v: unknown): number => (typeof v === 'number' ? v : 0)
const map = (v: unknown): Record<string, string> => (v as Record<string, string> | undefined) ?? {}

/** Parses a unit-test file; throws StrictYamlError with Go's wording when promtool would refuse it. */
export function parseUnitTestFile(text: string): UnitTestFile {
  const raw = decodeStrict(text, SPEC)
  const evaluationIntervalMs = num(raw['evaluation_interval']) || 60_000
  return {
    ruleFiles: (raw['rule_files'] as string[] | undefined) ?? [],
    evaluationIntervalMs,
    groupEvalOrder: (raw['group_eval_order'] as string[] | undefined) ?? [],
    tests: list(raw['tests']).map((t) => ({
      name: str(t['name']),
      intervalMs: num(t['interval']) || evaluationIntervalMs,
      inputSeries: list(t['input_series']).map((s) => ({
        series: str(s['series']),
        values: str(s['values']),
      })),
      alertRuleTests: list(t['alert_rule_test']).map((a) => ({
        evalTimeMs: num(a['eval_time']),
        alertname: str(a['alertname']),
        expAlerts: list(a['exp_alerts']).map((e) => ({
          labels: map(e['exp_labels']),
          annotations: map(e['exp_annotations']),
        })),
      })),
      promqlExprTests: list(t['promql_expr_test']).map((p) => ({
        expr: str(p['expr']),
        evalTimeMs: num(p['eval_time']),
        expSamples: list(p['exp_samples']).map((s) => ({ labels: str(s['labels']), value: num(s['value']) })),
      })),
      externalLabels: map(t['external_labels']),
      externalURL: str(t['external_url']),
    })),
  }
}

export { StrictYamlError }
