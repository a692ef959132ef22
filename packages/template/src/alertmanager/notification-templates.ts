import { Template } from '../template.js'
import { alertmanagerFuncs } from './funcs.js'
import { DEFAULT_TEMPLATES } from './default-templates.js'

/** A user template file: its name (for error positions) and text. */
export interface TemplateSource {
  name: string
  text: string
}

/**
 * Alertmanager's template sets: the defaults, then user files (which may redefine any default),
 * once for text and once for HTML output. Parsed once; each notification field is a small text
 * executed against that set, as Alertmanager's ExecuteTextString/ExecuteHTMLString do.
 */
export class NotificationTemplates {
  private constructor(
    private readonly text: Template,
    private readonly html: Template,
  ) {}

  /** Parses the defaults and the user templates; throws TemplateParseError on a bad file. */
  static create(sources: readonly TemplateSource[] = []): NotificationTemplates {
    const build = (html: boolean): Template => {
      const t = Template.create('', { funcs: alertmanagerFuncs(), missingKey: 'zero', html })
      t.parse('default.tmpl', DEFAULT_TEMPLATES)
      for (const s of sources) t.parse(s.name, s.text)
      return t
    }
    return new NotificationTemplates(build(false), build(true))
  }

  /** Renders a text field such as `{{ template "email.default.subject" . }}`; "" stays "". */
  executeText(text: string, data: unknown): Promise<string> {
    return NotificationTemplates.run(this.text, text, data)
  }

  /** Renders an HTML field with values escaped for HTML (safeHtml values are kept as they are). */
  executeHtml(text: string, data: unknown): Promise<string> {
    return NotificationTemplates.run(this.html, text, data)
  }

  /** Names of every template in the set, sorted. */
  templateNames(): string[] {
    return this.text.templateNames()
  }

  private static async run(set: Template, text: string, data: unknown): Promise<string> {
    if (text === '') return ''
    const t = set.clone()
    t.parse('', text)
    return t.executeTemplate('', data)
  }
}
