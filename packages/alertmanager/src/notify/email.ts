import { readFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { createTransport } from 'nodemailer'
import { NotificationTemplates, notificationDataFromJSON } from '@watchfire/template'
import type { Alert } from '../alert.js'
import type { EmailConfig } from '../config/receivers.js'
import { NotifyError, type Integration, type NotifyContext } from './integration.js'
import { smtpTlsOptions } from './smtp-tls.js'
import { templateData } from './template-data.js'

const DEFAULT_SUBJECT = '{{ template "email.default.subject" . }}'

/**
 * Sends one e-mail per notification over SMTP with nodemailer: headers (Subject, To, From and custom ones)
 * rendered as text templates, the HTML body as an HTML template, the text body when configured.
 * STARTTLS is used when offered and required when `require_tls` is set; port 465 means implicit TLS.
 */
export class EmailIntegration implements Integration {
  readonly name = 'email'

  constructor(
    readonly index: number,
    private readonly config: EmailConfig,
    private readonly templates: NotificationTemplates,
    private readonly externalURL: string,
  ) {}

  get sendResolved(): boolean {
    return this.config.sendResolved
  }

  async notify(alerts: readonly Alert[], ctx: NotifyContext): Promise<void> {
    const c = this.config
    const data = notificationDataFromJSON(
      templateData(ctx.receiver, ctx.groupLabels, alerts, this.externalURL, ctx.nowMs),
    )
    const headerTemplates: Record<string, string> = {
      Subject: DEFAULT_SUBJECT,
      To: c.to,
      From: c.from,
      ...c.headers,
    }
    const headers: Record<string, string> = {}
    for (const [name, text] of Object.entries(headerTemplates)) {
      headers[name] = await this.render(() => this.templates.executeText(text, data), `header ${name}`)
    }
    const html = await this.render(() => this.templates.executeHtml(c.html, data), 'html')
    const text = await this.render(() => this.templates.executeText(c.text, data), 'text')
    const [host, port] = splitHostPort(c.smarthost)
    const password =
      c.authPasswordFile !== '' ? (await readFile(c.authPasswordFile, 'utf8')).trim() : c.authPassword
    const transport = createTransport({
      host,
      port,
      secure: port === 465,
      requireTLS: c.requireTls && port !== 465,
      name: c.hello || hostname(),
      ...(c.authUsername !== '' ? { auth: { user: c.authUsername, pass: password } } : {}),
      tls: await smtpTlsOptions(c.tls),
    })
    const { Subject: subject, To: to, From: from, ...rest } = headers
    try {
      await transport.sendMail({
        from,
        to,
        subject,
        headers: rest,
        ...(html !== '' ? { html } : {}),
        ...(text !== '' ? { text } : {}),
      })
    } catch (cause) {
      const code = (cause as { responseCode?: number }).responseCode
      // 5xx SMTP replies are permanent: retrying cannot help.
      throw new NotifyError(
        `cannot send e-mail via ${c.smarthost} (${(cause as Error).message})`,
        !(code !== undefined && code >= 500),
        { cause },
      )
    } finally {
      transport.close()
    }
  }

  private async render(run: () => Promise<string>, what: string): Promise<string> {
    try {
      return await run()
    } catch (cause) {
      throw new NotifyError(`cannot render e-mail ${what} (${(cause as Error).message})`, false, { cause })
    }
  }
}

function splitHostPort(text: string): [string, number] {
  const m = /^(?:\[([^\]]*)\]|([^:]*)):(\d+)$/.exec(text)
  if (m === null) throw new NotifyError(`invalid smarthost ${JSON.stringify(text)}`, false)
  return [m[1] ?? m[2] ?? '', Number(m[3])]
}
