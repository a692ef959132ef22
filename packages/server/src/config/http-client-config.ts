import { defaultTlsConfig, goUrlParseError, OAUTH2_KEYS, TLS_CONFIG_KEYS } from '@watchfire/http-client'
import type { HttpClientConfig, OAuth2Config, TlsConfig } from './config-types.js'
import type { YamlField } from './yaml-field.js'

/** Keys of the HTTP client settings, inlined into scrape, SD, remote-write and Alertmanager sections. */
export const HTTP_CLIENT_KEYS = [
  'basic_auth',
  'authorization',
  'oauth2',
  'bearer_token',
  'bearer_token_file',
  'tls_config',
  'proxy_url',
  'proxy_connect_header',
  'follow_redirects',
  'enable_http2',
] as const

const TLS_VERSIONS = new Set(['TLS10', 'TLS11', 'TLS12', 'TLS13'])

function parseTls(field: YamlField | undefined): TlsConfig {
  const tls: TlsConfig = defaultTlsConfig()
  if (field === undefined) return tls
  const f = field.mapping('config.plain', TLS_CONFIG_KEYS)
  tls.caFile = f.get('ca_file')?.string() ?? ''
  tls.certFile = f.get('cert_file')?.string() ?? ''
  tls.keyFile = f.get('key_file')?.string() ?? ''
  tls.serverName = f.get('server_name')?.string() ?? ''
  tls.insecureSkipVerify = f.get('insecure_skip_verify')?.bool() ?? false
  tls.minVersion = f.get('min_version')?.string() ?? ''
  if (tls.minVersion !== '' && !TLS_VERSIONS.has(tls.minVersion))
    f.get('min_version')?.fail(`unknown TLS version: ${tls.minVersion}`)
  return tls
}

/** Reads an oauth2 block; undefined when absent. */
function parseOauth2(field: YamlField | undefined): OAuth2Config | undefined {
  if (field === undefined || field.isNull) return undefined
  const o = field.mapping('config.OAuth2', OAUTH2_KEYS)
  const scopes = o.get('scopes')?.stringList() ?? []
  const endpointParams = Object.fromEntries(o.get('endpoint_params')?.stringMap() ?? [])
  const tlsConfig = parseTls(o.get('tls_config'))
  const clientId = o.get('client_id')?.string() ?? ''
  const tokenUrl = o.get('token_url')?.string() ?? ''
  const proxyUrl = o.get('proxy_url')?.string() ?? ''
  const secret = o.get('client_secret')?.string() ?? ''
  const secretFile = o.get('client_secret_file')?.string() ?? ''
  return {
    clientId,
    clientSecret: secret,
    clientSecretFile: secretFile,
    scopes,
    tokenUrl,
    endpointParams,
    tlsConfig,
    proxyUrl,
  }
}

function parseProxyConnectHeader(field: YamlField | undefined): Record<string, string[]> | undefined {
  if (field === undefined || field.isNull) return undefined
  const out: Record<string, string[]> = {}
  for (const [name, values] of field.entries('map[string][]Secret')) out[name] = values.stringList()
  return out
}

/** Options of {@link parseHttpClientConfig}. */
export interface HttpClientParseOptions {
  /**
   * Run common/config's HTTPClientConfig.Validate (default true). Prometheus 2.42 calls it for scrape,
   * remote-write, remote-read and Alertmanager sections but not for http_sd_configs, whose inlined client
   * settings are only read: conflicting credentials pass `promtool check config` there.
   */
  validate?: boolean
}

/** Reads the inlined HTTP client keys from `fields` and validates them, with Prometheus's rules and messages. */
export function parseHttpClientConfig(
  fields: Map<string, YamlField>,
  owner: YamlField,
  options: HttpClientParseOptions = {},
): HttpClientConfig {
  const config: HttpClientConfig = {
    bearerToken: fields.get('bearer_token')?.string() ?? '',
    bearerTokenFile: fields.get('bearer_token_file')?.string() ?? '',
    tlsConfig: parseTls(fields.get('tls_config')),
    proxyUrl: fields.get('proxy_url')?.string() ?? '',
    followRedirects: fields.get('follow_redirects')?.bool() ?? true,
    enableHttp2: fields.get('enable_http2')?.bool() ?? true,
  }
  const proxyError = goUrlParseError(config.proxyUrl)
  if (proxyError !== undefined) fields.get('proxy_url')?.fail(proxyError)
  config.proxyConnectHeader = parseProxyConnectHeader(fields.get('proxy_connect_header'))
  const basic = fields.get('basic_auth')
  if (basic !== undefined && !basic.isNull) {
    const b = basic.mapping('config.BasicAuth', ['username', 'password', 'password_file'])
    config.basicAuth = {
      username: b.get('username')?.string() ?? '',
      password: b.get('password')?.string() ?? '',
      passwordFile: b.get('password_file')?.string() ?? '',
    }
  }
  const auth = fields.get('authorization')
  if (auth !== undefined && !auth.isNull) {
    const a = auth.mapping('config.Authorization', ['type', 'credentials', 'credentials_file'])
    const typeAsWritten = a.get('type')?.string() ?? ''
    config.authorization = {
      type: typeAsWritten.trim() || 'Bearer',
      credentials: a.get('credentials')?.string() ?? '',
      credentialsFile: a.get('credentials_file')?.string() ?? '',
      typeAsWritten,
    }
  }
  config.oauth2 = parseOauth2(fields.get('oauth2'))
  if (options.validate ?? true) validate(config, owner)
  return config
}

/** common/config's HTTPClientConfig.Validate, check for check and in its order. */
function validate(config: HttpClientConfig, owner: YamlField): void {
  const oauth2 = config.oauth2
  if (config.bearerToken !== '' && config.bearerTokenFile !== '')
    owner.fail('at most one of bearer_token & bearer_token_file must be configured')
  const hasBearer = config.bearerToken !== '' || config.bearerTokenFile !== ''
  if ((config.basicAuth !== undefined || oauth2 !== undefined) && hasBearer)
    owner.fail('at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured')
  if (
    config.basicAuth !== undefined &&
    config.basicAuth.password !== '' &&
    config.basicAuth.passwordFile !== ''
  )
    owner.fail('at most one of basic_auth password & password_file must be configured')
  if (config.authorization !== undefined) {
    if (hasBearer) owner.fail('authorization is not compatible with bearer_token & bearer_token_file')
    if (config.authorization.credentials !== '' && config.authorization.credentialsFile !== '')
      owner.fail('at most one of authorization credentials & credentials_file must be configured')
    if (config.authorization.type.toLowerCase() === 'basic')
      owner.fail('authorization type cannot be set to "basic", use "basic_auth" instead')
    if (config.basicAuth !== undefined || oauth2 !== undefined)
      owner.fail('at most one of basic_auth, oauth2 & authorization must be configured')
  }
  if (oauth2 !== undefined) {
    if (config.basicAuth !== undefined) owner.fail('at most one of oauth2 & basic_auth must be configured')
    if (oauth2.clientId === '') owner.fail('oauth2 client_id must be configured')
    if (oauth2.clientSecret === '' && oauth2.clientSecretFile === '')
      owner.fail('either oauth2 client_secret or client_secret_file must be configured')
    if (oauth2.tokenUrl === '') owner.fail('oauth2 token_url must be configured')
    if (oauth2.clientSecret !== '' && oauth2.clientSecretFile !== '')
      owner.fail('at most one of oauth2 client_secret & client_secret_file must be configured')
  }
  if (
    config.proxyConnectHeader !== undefined &&
    Object.keys(config.proxyConnectHeader).length > 0 &&
    config.proxyUrl === ''
  )
    owner.fail('if proxy_connect_header is configured proxy_url must also be configured')
}
