import { readFile } from 'node:fs/promises'
import { oauth2TokenSource, type OAuth2TokenSource } from '@watchfire/http-client'
import type { Alert } from '../alert.js'
import type { WebhookConfig } from '../config/receivers.js'
import { httpPost, postTarget, type PostTarget } from './http-post.js'
import { NotifyError, type Integration, type NotifyContext } from './integration.js'
import { webhookPayload } from './webhook-payload.js'

/** POSTs the version-4 JSON payload; 5xx and network errors are retried, 4xx (and unfollowed 3xx) are not. */
export class WebhookIntegration implements Integration {
  readonly name = 'webhook'
  private readonly target: PostTarget
  /** oauth2's client-credentials tokens, cached until they expire. */
  private readonly tokens: OAuth2TokenSource | undefined

  constructor(
    readonly index: number,
    private readonly config: WebhookConfig,
    private readonly externalURL: string,
  ) {
    this.target = postTarget(config.url, config.http)
    this.tokens = config.http.oauth2 === undefined ? undefined : oauth2TokenSource(config.http.oauth2)
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
    let credentials: string | undefined
    if (basicAuth !== undefined) {
      const password =
        basicAuth.passwordFile !== ''
          ? (await readFile(basicAuth.passwordFile, 'utf8')).trim()
          : basicAuth.password
      credentials = `Basic ${Buffer.from(`${basicAuth.username}:${password}`).toString('base64')}`
    } else if (authorization !== undefined) {
      const secret =
        authorization.credentialsFile !== ''
          ? (await readFile(authorization.credentialsFile, 'utf8')).trim()
          : authorization.credentials
      credentials = `${authorization.type} ${secret}`
    } else if (this.tokens !== undefined) {
      headers.Authorization = `Bearer ${await this.token(this.tokens, ctx)}`
    }
    const res = await httpPost(this.target, body, headers, ctx.deadline, credentials)
    if (res.status >= 200 && res.status < 300) return
    const retry = res.status >= 500
    throw new NotifyError(
      `unexpected status code ${res.status}: ${this.config.url} (${res.body.slice(0, 200)})`,
      retry,
    )
  }

  /** A token from the source; a failed fetch fails this attempt, to be retried as a network error is. */
  private async token(tokens: OAuth2TokenSource, ctx: NotifyContext): Promise<string> {
    try {
      return await tokens.token(ctx.deadline.signal())
    } catch (err) {
      const url = this.target.url
      throw new NotifyError(`cannot POST to ${url.origin}${url.pathname} (${(err as Error).message})`, true, {
        cause: err,
      })
    }
  }
}
