import fc from 'fast-check'
import {
  parseConfig as parseAlertmanagerConfig,
  ConfigError as AlertmanagerConfigError,
} from '@watchfire/alertmanager'
import { ConfigError, parseConfig, parseRuleFile, RuleFileError } from '@watchfire/server'
import { describe } from 'vitest'
import {
  alertmanagerConfigSeeds,
  prometheusConfigSeeds,
  ruleFileSeeds,
  YAML_DICTIONARY,
} from './lib/config-seeds.js'
import { fuzzTarget } from './lib/fuzz-target.js'
import { guard } from './lib/guard.js'
import { mutatedString } from './lib/mutate.js'
import {
  ALERTMANAGER_CONFIG_FINDINGS,
  PROMETHEUS_CONFIG_FINDINGS,
  RULE_FILE_FINDINGS,
} from './regressions/config-findings.js'

/** Documents whose aliases multiply: a few hundred bytes that expand to billions of nodes if resolved naively. */
function aliasBomb(levels: number, fanOut: number, key: string): string {
  const lines = ['a0: &a0 [x]']
  for (let i = 1; i <= levels; i++)
    lines.push(
      `a${i}: &a${i} [${Array(fanOut)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    )
  lines.push(`${key}: *a${levels}`)
  return lines.join('\n') + '\n'
}

const bombs = fc
  .tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 10 }))
  .chain(([levels, fanOut]) =>
    fc
      .constantFrom(...['scrape_configs', 'rule_files', 'groups', 'receivers', 'route', 'global'])
      .map((key) => aliasBomb(levels, fanOut, key)),
  )

function yamlInputs(seeds: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: mutatedString(seeds, YAML_DICTIONARY, 8) },
    { weight: 1, arbitrary: bombs },
  )
}

describe('configuration files', () => {
  fuzzTarget(
    'prometheus.yml: parseConfig never crashes',
    yamlInputs(prometheusConfigSeeds()),
    (text) => {
      guard(() => parseConfig(text), [ConfigError])
    },
    { ciRuns: 800, examples: PROMETHEUS_CONFIG_FINDINGS },
  )

  fuzzTarget(
    'rule files: parseRuleFile never crashes',
    yamlInputs(ruleFileSeeds()),
    (text) => {
      guard(() => parseRuleFile(text, 'rules.yml'), [RuleFileError])
    },
    { ciRuns: 800, examples: RULE_FILE_FINDINGS },
  )

  fuzzTarget(
    'alertmanager.yml: parseConfig never crashes',
    yamlInputs(alertmanagerConfigSeeds()),
    (text) => {
      guard(() => parseAlertmanagerConfig(text), [AlertmanagerConfigError])
    },
    { ciRuns: 800, examples: ALERTMANAGER_CONFIG_FINDINGS },
  )
})
