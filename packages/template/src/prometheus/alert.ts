import { TemplateExecError, TemplateParseError } from '../errors.js'
import type { FuncMap } from '../func.js'
import { Template } from '../template.js'

/** Prometheus prepends these to every alert label and annotation template. */
export const ALERT_TEMPLATE_DEFS =
  '{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}'

/** The data an alert's templates see (`.Labels`, `.ExternalLabels`, `.ExternalURL`, `.Value`). */
export class AlertTemplateData {
  static readonly goType =
    'struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value float64 }'
  constructor(
    readonly Labels: Readonly<Record<string, string>>,
    readonly ExternalLabels: Readonly<Record<string, string>>,
    readonly ExternalURL: string,
    readonly Value: number,
  ) {}
}

/** The outcome of one expansion: the text, and the error if there was one. */
export interface Expansion {
  text: string
  error: Error | undefined
}

/**
 * Expands one rule label or annotation template as Prometheus does: the alert definitions
 * prepended, missingkey=zero, and a failure rendered into the text
 * (`<error expanding template: …>`) rather than thrown, so one bad template never stops a rule.
 */
export async function expandAlertTemplate(
  ruleName: string,
  text: string,
  data: AlertTemplateData,
  funcs: FuncMap,
): Promise<Expansion> {
  const name = `__alert_${ruleName}`
  let tmpl: Template
  try {
    tmpl = Template.parse(name, ALERT_TEMPLATE_DEFS + text, { funcs, missingKey: 'zero' })
  } catch (err) {
    if (!(err instanceof TemplateParseError)) return failed(name, 'parsing', err)
    return { text: `<error expanding template: error parsing template ${name}: ${err.message}>`, error: err }
  }
  try {
    return { text: await tmpl.execute(data), error: undefined }
  } catch (err) {
    if (!(err instanceof TemplateExecError)) return failed(name, 'executing', err)
    return {
      text: `<error expanding template: error executing template ${name}: ${err.message}>`,
      error: err,
    }
  }
}

function failed(name: string, stage: string, err: unknown): Expansion {
  const error = err instanceof Error ? err : new Error(String(err))
  return { text: `<error expanding template: error ${stage} template ${name}: ${error.message}>`, error }
}
