import { WatchfireError } from '../errors.js'
import { isLegacyLabelName } from '../names.js'
import { InvalidRegexError } from '../re2/invalid-regex-error.js'
import { compileCapturingRegex, type CapturingRegex } from './relabel-regex.js'

/** The relabelling actions of Prometheus. */
export type RelabelAction =
  | 'replace'
  | 'keep'
  | 'drop'
  | 'keepequal'
  | 'dropequal'
  | 'hashmod'
  | 'labelmap'
  | 'labeldrop'
  | 'labelkeep'
  | 'lowercase'
  | 'uppercase'

const ACTIONS: ReadonlySet<string> = new Set<RelabelAction>([
  'replace',
  'keep',
  'drop',
  'keepequal',
  'dropequal',
  'hashmod',
  'labelmap',
  'labeldrop',
  'labelkeep',
  'lowercase',
  'uppercase',
])

/** One relabel rule as written in configuration (snake_case fields become camelCase); absent fields take defaults. */
export interface RelabelConfigInput {
  sourceLabels?: readonly string[]
  separator?: string
  regex?: string
  modulus?: number
  targetLabel?: string
  replacement?: string
  /** Case-insensitive, as Prometheus reads it. */
  action?: string
}

/** A validated relabel rule with its regex compiled; build with {@link compileRelabelConfig}. */
export interface RelabelConfig {
  readonly sourceLabels: readonly string[]
  readonly separator: string
  readonly regex: CapturingRegex
  /** True when the regex is the default `(.*)` (enables the add/delete fast path of `replace`). */
  readonly defaultRegex: boolean
  readonly modulus: number
  readonly targetLabel: string
  readonly replacement: string
  readonly action: RelabelAction
}

/** A relabel rule that Prometheus would refuse; the message is Prometheus's. */
export class RelabelConfigError extends WatchfireError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_RELABEL_CONFIG', message, options)
  }
}

/** Defaults of every relabel rule, as in Prometheus. */
export const RELABEL_DEFAULTS = {
  separator: ';',
  regex: '(.*)',
  replacement: '$1',
  action: 'replace',
} as const

// Target labels of `replace` may be templates such as `${1}_x`: names made of letters, `_` and references.
const TEMPLATE_TARGET = /^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$/

let defaultRegex: CapturingRegex | undefined

function compileRegex(pattern: string | undefined): CapturingRegex {
  if (pattern === undefined) {
    defaultRegex ??= compileCapturingRegex(RELABEL_DEFAULTS.regex)
    return defaultRegex
  }
  try {
    return compileCapturingRegex(pattern)
  } catch (err) {
    // Worded as Go's regexp package reports it, with the anchored expression Prometheus compiles.
    if (err instanceof InvalidRegexError)
      throw new RelabelConfigError(`error parsing regexp: ${err.reason}: \`^(?:${pattern})$\``, {
        cause: err,
      })
    throw err
  }
}

/** Validates a rule as Prometheus does and compiles its regex; throws RelabelConfigError. */
export function compileRelabelConfig(input: RelabelConfigInput): RelabelConfig {
  const rawAction = input.action ?? RELABEL_DEFAULTS.action
  const action = rawAction.toLowerCase()
  if (!ACTIONS.has(action))
    throw new RelabelConfigError(`unknown relabel action ${JSON.stringify(rawAction)}`)
  const config: RelabelConfig = {
    sourceLabels: input.sourceLabels ?? [],
    separator: input.separator ?? RELABEL_DEFAULTS.separator,
    regex: compileRegex(input.regex),
    defaultRegex: input.regex === undefined,
    modulus: input.modulus ?? 0,
    targetLabel: input.targetLabel ?? '',
    replacement: input.replacement ?? RELABEL_DEFAULTS.replacement,
    action: action as RelabelAction,
  }
  validate(config, input)
  return config
}

function fail(message: string): never {
  throw new RelabelConfigError(message)
}

function validate(c: RelabelConfig, input: RelabelConfigInput): void {
  const a = c.action
  const quotedTarget = JSON.stringify(c.targetLabel)
  if (a === 'hashmod' && c.modulus === 0) fail('relabel configuration for hashmod requires non-zero modulus')
  const needsTarget =
    a === 'replace' ||
    a === 'hashmod' ||
    a === 'lowercase' ||
    a === 'uppercase' ||
    a === 'keepequal' ||
    a === 'dropequal'
  if (needsTarget && c.targetLabel === '')
    fail(`relabel configuration for ${a} action requires 'target_label' value`)
  if (a === 'replace') {
    const ok = c.targetLabel.includes('$')
      ? TEMPLATE_TARGET.test(c.targetLabel)
      : isLegacyLabelName(c.targetLabel)
    if (!ok) fail(`${quotedTarget} is invalid 'target_label' for ${a} action`)
  }
  const caseOrEqual = a === 'lowercase' || a === 'uppercase' || a === 'keepequal' || a === 'dropequal'
  if ((caseOrEqual || a === 'hashmod') && !isLegacyLabelName(c.targetLabel))
    fail(`${quotedTarget} is invalid 'target_label' for ${a} action`)
  if (caseOrEqual && c.replacement !== RELABEL_DEFAULTS.replacement)
    fail(`'replacement' can not be set for ${a} action`)
  if (a === 'labelmap' && !TEMPLATE_TARGET.test(c.replacement))
    fail(`${JSON.stringify(c.replacement)} is invalid 'replacement' for ${a} action`)
  if (
    (a === 'keepequal' || a === 'dropequal') &&
    (input.regex !== undefined || c.modulus !== 0 || c.separator !== RELABEL_DEFAULTS.separator)
  )
    fail(`${a} action requires only 'source_labels' and \`target_label\`, and no other fields`)
  if (
    (a === 'labeldrop' || a === 'labelkeep') &&
    (input.sourceLabels !== undefined ||
      c.targetLabel !== '' ||
      c.modulus !== 0 ||
      c.separator !== RELABEL_DEFAULTS.separator ||
      c.replacement !== RELABEL_DEFAULTS.replacement)
  )
    fail(`${a} action requires only 'regex', and no other fields`)
}
