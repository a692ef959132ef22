import { readFileSync } from 'node:fs'
import type { HttpClientConfig, TlsConfig } from './config-types.js'

function readOptional(path: string): string {
  return path === '' ? '' : readFileSync(path, 'utf8').trim()
}

/**
 * Request headers for the static credentials of a client config: basic_auth, authorization or
 * the legacy bearer_token. `*_file` variants are read on every call, so rotated secrets apply to
 * the next request, as in Prometheus. (oauth2 tokens are fetched by the HttpClient.) Where several
 * are configured (http_sd_configs is not validated), the first of oauth2, basic_auth, bearer_token,
 * bearer_token_file and authorization wins and no later file is read, as with Prometheus's nested
 * round trippers.
 */
export function authHeaders(client: HttpClientConfig): Record<string, string> {
  if (client.oauth2 !== undefined) return {}
  if (client.basicAuth !== undefined) {
    const password = client.basicAuth.password || readOptional(client.basicAuth.passwordFile)
    return {
      Authorization: `Basic ${Buffer.from(`${client.basicAuth.username}:${password}`).toString('base64')}`,
    }
  }
  const bearer = client.bearerToken || readOptional(client.bearerTokenFile)
  if (bearer !== '') return { Authorization: `Bearer ${bearer}` }
  const auth = client.authorization
  const credentials = auth === undefined ? '' : auth.credentials || readOptional(auth.credentialsFile)
  return credentials === '' ? {} : { Authorization: `${auth?.type ?? 'Bearer'} ${credentials}` }
}

const TLS_VERSIONS: Readonly<Record<string, 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'>> = {
  TLS10: 'TLSv1',
  TLS11: 'TLSv1.1',
  TLS12: 'TLSv1.2',
  TLS13: 'TLSv1.3',
}

/** node:tls options of a tls_config; files are read on every call, so rotated certificates apply. */
export interface ClientTlsOptions {
  rejectUnauthorized: boolean
  ca?: Buffer
  cert?: Buffer
  key?: Buffer
  servername?: string
  minVersion: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'
}

/** TLS options for a tls_config (Prometheus's default minimum version is TLS 1.2). */
export function tlsConfigOptions(tls: TlsConfig): ClientTlsOptions {
  return {
    rejectUnauthorized: !tls.insecureSkipVerify,
    minVersion: TLS_VERSIONS[tls.minVersion] ?? 'TLSv1.2',
    ...(tls.caFile !== '' ? { ca: readFileSync(tls.caFile) } : {}),
    ...(tls.certFile !== '' ? { cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) } : {}),
    ...(tls.serverName !== '' ? { servername: tls.serverName } : {}),
  }
}

/** TLS options for node:https from the client config. */
export function tlsOptions(client: HttpClientConfig): ClientTlsOptions {
  return tlsConfigOptions(client.tlsConfig)
}
