import { readFile } from 'node:fs/promises'
import type { Alert } from '../alert.js'
import type { WebhookConfig } from '../config/receivers.js'
import { httpPost, postTarget, type PostTarget } from './http-post.js'
import { NotifyError, type Integration, type NotifyContext } from './integration.js'
import { webhookPayload } from './webhook-payload.js'

/** POSTs the version-4 JSON payload; 5xx and network errors are retried, 4xx are not. */
export class WebhookIntegration implements Integration {
  readonly name = 'webhook'
  private readonly target: PostTarget

  constructor(
    readonly index: number,
    private readonly config: WebhookConfig,
    private readonly externalURL: string,
  ) {
    this.target = postTarget(config.url)
  }

  get sendResolved(): boolean {
    return this.config.sendResolved
  }

  async notify(alerts: readonly Alert[], ctx: NotifyContext): Promise<void> {
    const body = webhookPayload(alerts, ctx, this.config.maxAlerts, this.externalURL)
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'User-Agent': 'Alertmanager/0.25.0',
    }
    const { basicAuth, authorization } = this.config.http
    if (basicAuth !== undefined) {
      const password =
        basicAuth.passwordFile !== ''
          ? (await readFile(basicAuth.passwordFile, 'utf8')).trim()
          : basicAuth.password
      headers.Authorization = `Basic ${Buffer.from(`${basicAuth.username}:${password}`).toString('base64')}`
    } else if (authorization !== undefined) {
      const credentials =
        authorization.credentialsFile !== ''
          ? (await readFile(authorization.credentialsFile, 'utf8')).trim()
          : authorization.credentials
      headers.Authorization = `${authorization.type} ${credentials}`
    }
    const res = await httpPost(this.target, body, headers, this.config.http.tls, ctx.deadline)
    if (res.status >= 200 && res.status < 300) return
    const retry = res.status >= 500
    throw new NotifyError(
      `unexpected status code ${res.status}: ${this.config.url} (${res.body.slice(0, 200)})`,
      retry,
    )
  }
}
