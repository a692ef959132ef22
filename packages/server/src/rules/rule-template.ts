import {
  ALERT_TEMPLATE_DEFS,
  AlertTemplateData,
  expandAlertTemplate,
  prometheusFuncs,
  Template,
  TemplateParseError,
  type FuncMap,
} from '@watchfire/template'
import type { QueryFunc } from './query-func.js'

/**
 * Parses an alert's label or annotation template as Prometheus does when it loads a rule file;
 * returns Go's parse error text, or undefined when the template parses.
 */
export function checkAlertTemplate(ruleName: string, text: string): string | undefined {
  try {
    Template.parse(`__alert_${ruleName}`, ALERT_TEMPLATE_DEFS + text, {
      funcs: PARSE_FUNCS,
      missingKey: 'zero',
    })
    return undefined
  } catch (err) {
    if (err instanceof TemplateParseError) return err.message
    throw err
  }
}

/** Prometheus's function map for rule templates: `tmpl` only exists in its HTML (console) expansion. */
function ruleFuncs(funcs: FuncMap): FuncMap {
  const { tmpl: _html, ...rest } = funcs
  return rest
}

const PARSE_FUNCS: FuncMap = ruleFuncs(prometheusFuncs())

/** What the alert templates of one evaluation can see and do. */
export interface AlertTemplateContext {
  externalLabels: Readonly<Record<string, string>>
  externalURL: string
  query: QueryFunc
  /** The evaluation time: `query` in a template runs at this instant. */
  timeMs: number
}

/** The template functions for one evaluation, with `query` bound to the evaluation time. */
export function alertTemplateFuncs(ctx: AlertTemplateContext): FuncMap {
  return ruleFuncs(
    prometheusFuncs({
      externalURL: ctx.externalURL,
      query: async (expr) => {
        const vector = await ctx.query(expr, ctx.timeMs)
        return vector.map((s) => ({ labels: s.metric.toRecord(), value: s.f }))
      },
    }),
  )
}

/**
 * Expands one label or annotation template of alert `ruleName` for one sample; a failure is
 * rendered into the text (`<error expanding template: …>`) and reported through `onError`.
 */
export async function expandRuleTemplate(
  ruleName: string,
  text: string,
  sample: { labels: Readonly<Record<string, string>>; value: number },
  ctx: AlertTemplateContext,
  funcs: FuncMap,
  onError: (err: Error) => void,
): Promise<string> {
  // Texts without actions are the common case and need no engine.
  if (!text.includes('{{')) return text
  const data = new AlertTemplateData(sample.labels, ctx.externalLabels, ctx.externalURL, sample.value)
  const result = await expandAlertTemplate(ruleName, text, data, funcs)
  if (result.error !== undefined) onError(result.error)
  return result.text
}
