import { readFileSync } from 'node:fs'
import type { OAuth2Config } from './config-types.js'

/** Sends a form POST to the token endpoint and returns status and body; the HttpClient provides it. */
export type TokenRequest = (
  url: string,
  body: Buffer,
  headers: Record<string, string>,
  signal: AbortSignal,
) => Promise<{ status: number; body: string }>

// golang.org/x/oauth2 treats a token as expired this long before it actually expires.
const EXPIRY_DELTA_MS = 10_000

// Go's url.QueryEscape, which the client credentials flow applies to id and secret in Basic auth.
function queryEscape(s: string): string {
  return encodeURIComponent(s)
    .replace(/%20/g, '+')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/**
 * oauth2's client credentials grant, as Prometheus's common config runs it: POSTs
 * `grant_type=client_credentials` (plus scopes and endpoint_params) to token_url with the client
 * id and secret as Basic auth, and caches the access token until shortly before it expires. The
 * secret file is read for each new token; a changed secret drops the cached token.
 */
export class OAuth2TokenSource {
  private readonly config: OAuth2Config
  private readonly send: TokenRequest
  private readonly now: () => number
  private cached: { token: string; expiresMs: number; secret: string } | undefined
  private pending: Promise<string> | undefined
  /** Tokens fetched so far (tests check the cache with it). */
  fetches = 0

  constructor(config: OAuth2Config, send: TokenRequest, now: () => number = Date.now) {
    this.config = config
    this.send = send
    this.now = now
  }

  /** A valid access token, from the cache or freshly fetched. */
  token(signal: AbortSignal): Promise<string> {
    const secret = this.secret()
    const c = this.cached
    if (c !== undefined && c.secret === secret && this.now() < c.expiresMs) return Promise.resolve(c.token)
    this.pending ??= this.fetch(secret, signal).finally(() => {
      this.pending = undefined
    })
    return this.pending
  }

  private secret(): string {
    const { clientSecret, clientSecretFile } = this.config
    return clientSecret !== '' ? clientSecret : readFileSync(clientSecretFile, 'utf8').trim()
  }

  private async fetch(secret: string, signal: AbortSignal): Promise<string> {
    const form = new URLSearchParams({ grant_type: 'client_credentials' })
    if (this.config.scopes.length > 0) form.set('scope', this.config.scopes.join(' '))
    for (const [k, v] of Object.entries(this.config.endpointParams)) form.set(k, v)
    const basic = Buffer.from(`${queryEscape(this.config.clientId)}:${queryEscape(secret)}`).toString(
      'base64',
    )
    this.fetches++
    const res = await this.send(
      this.config.tokenUrl,
      Buffer.from(form.toString()),
      { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${basic}` },
      signal,
    )
    if (res.status < 200 || res.status > 299)
      throw new Error(`oauth2: cannot fetch token (token endpoint answered ${res.status})`)
    let parsed: unknown
    try {
      parsed = JSON.parse(res.body)
    } catch {
      throw new Error('oauth2: cannot fetch token (token endpoint answered with invalid JSON)')
    }
    const body = parsed as { access_token?: unknown; expires_in?: unknown }
    if (typeof body.access_token !== 'string' || body.access_token === '')
      throw new Error('oauth2: server response missing access_token')
    const expiresIn = Number(body.expires_in ?? 0)
    // No expiry means the token never expires, as in golang.org/x/oauth2.
    const expiresMs = expiresIn > 0 ? this.now() + expiresIn * 1000 - EXPIRY_DELTA_MS : Infinity
    this.cached = { token: body.access_token, expiresMs, secret }
    return body.access_token
  }
}
