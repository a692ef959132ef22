import { WatchfireError } from '@watchfire/model'

/**
 * A template that cannot be parsed. The message is Go's, e.g.
 * `template: x:1: unexpected "}" in operand`, so operators can search for it.
 */
export class TemplateParseError extends WatchfireError {
  /** The name the template text was parsed under. */
  readonly templateName: string
  /** 1-based line of the token where parsing stopped. */
  readonly line: number

  constructor(templateName: string, line: number, detail: string) {
    super('ERR_TEMPLATE_PARSE', `template: ${templateName}:${line}: ${detail}`)
    this.templateName = templateName
    this.line = line
  }
}

/**
 * A template that failed while executing, worded as Go does:
 * `template: x:1:6: executing "x" at <.Foo.Bar>: nil pointer evaluating …`.
 */
export class TemplateExecError extends WatchfireError {
  /** The template (or `define`d name) executing when the error happened. */
  readonly templateName: string

  constructor(templateName: string, message: string, options?: { cause?: unknown }) {
    super('ERR_TEMPLATE_EXEC', message, options)
    this.templateName = templateName
  }
}
