import {
  goUrlParseError,
  OAUTH2_KEYS,
  TLS_CONFIG_KEYS,
  type OAuth2Config,
  type TlsConfig as ClientTlsConfig,
} from '@watchfire/http-client'
import { ConfigError } from '../errors.js'
import { bool, fields, seq, str, strList, strMap, where, type YNode } from './yaml-node.js'

/** TLS options of an HTTP client or SMTP connection (file paths resolved against the config's directory). */
export interface TlsConfig extends Omit<ClientTlsConfig, 'minVersion'> {
  /** The lowest TLS version accepted, as Node names it (`TLSv1.2`); undefined for Node's default. */
  minVersion: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3' | undefined
}

/** Prometheus common's HTTP client configuration (0.25's), as webhooks use it. */
export interface HttpConfig {
  basicAuth: { username: string; password: string; passwordFile: string } | undefined
  authorization: { type: string; credentials: string; credentialsFile: string } | undefined
  /** oauth2: a client-credentials token sent as `Authorization: Bearer …`, cached until it expires. */
  oauth2: OAuth2Config | undefined
  tls: TlsConfig
  followRedirects: boolean
  /** proxy_url ('' for direct connections). */
  proxyUrl: string
  /** proxy_connect_header: sent to the proxy with the CONNECT of an https target (values are secrets). */
  proxyConnectHeader: Record<string, string[]>
}

/** `min_version` values as the original spells them, and as Node's TLS does. */
const MIN_VERSIONS: Partial<Record<string, TlsConfig['minVersion']>> = {
  TLS10: 'TLSv1',
  TLS11: 'TLSv1.1',
  TLS12: 'TLSv1.2',
  TLS13: 'TLSv1.3',
}

/** Parses a `tls_config` block. */
export function parseTlsConfig(node: YNode | undefined): TlsConfig {
  const f = node === undefined ? new Map<string, YNode>() : fields(node, TLS_CONFIG_KEYS, 'config.plain')
  const minVersion = str(f.get('min_version'))
  if (minVersion !== '' && !/^TLS1[0-3]$/.test(minVersion)) {
    throw new ConfigError(`unknown TLS version: ${minVersion} at ${where(f.get('min_version') as YNode)}`)
  }
  return {
    caFile: str(f.get('ca_file')),
    certFile: str(f.get('cert_file')),
    keyFile: str(f.get('key_file')),
    serverName: str(f.get('server_name')),
    insecureSkipVerify: bool(f.get('insecure_skip_verify'), false),
    minVersion: MIN_VERSIONS[minVersion],
  }
}

/** The default HTTP client configuration (no auth, no proxy, redirects followed). */
export function defaultHttpConfig(): HttpConfig {
  return {
    basicAuth: undefined,
    authorization: undefined,
    oauth2: undefined,
    tls: parseTlsConfig(undefined),
    followRedirects: true,
    proxyUrl: '',
    proxyConnectHeader: {},
  }
}

const FIELDS = [
  'basic_auth',
  'authorization',
  'oauth2',
  'bearer_token',
  'bearer_token_file',
  'proxy_url',
  'proxy_connect_header',
  'tls_config',
  'follow_redirects',
  'enable_http2',
]

/** A `proxy_url`, refused where Go's url.Parse refuses it. */
function proxyUrl(node: YNode | undefined): string {
  const url = str(node)
  const error = goUrlParseError(url)
  if (error !== undefined) throw new ConfigError(`${error} at ${where(node as YNode)}`)
  return url
}

/** A tls_config in the shared client's shape, where `min_version` keeps the original's spelling. */
function clientTlsConfig(node: YNode | undefined): ClientTlsConfig {
  const tls = parseTlsConfig(node)
  const raw = node?.kind === 'map' ? node.entries.find(([key]) => key === 'min_version')?.[1] : undefined
  return { ...tls, minVersion: str(raw) }
}

function parseOAuth2(node: YNode | undefined): OAuth2Config | undefined {
  if (node === undefined || (node.kind === 'scalar' && node.isNull)) return undefined
  const o = fields(node, OAUTH2_KEYS, 'config.OAuth2')
  return {
    clientId: str(o.get('client_id')),
    clientSecret: str(o.get('client_secret')),
    clientSecretFile: str(o.get('client_secret_file')),
    scopes: strList(o.get('scopes')) ?? [],
    tokenUrl: str(o.get('token_url')),
    endpointParams: Object.fromEntries(strMap(o.get('endpoint_params')).map(([k, v]) => [k, v])),
    tlsConfig: clientTlsConfig(o.get('tls_config')),
    proxyUrl: proxyUrl(o.get('proxy_url')),
  }
}

function parseProxyConnectHeader(node: YNode | undefined): Record<string, string[]> {
  if (node === undefined || (node.kind === 'scalar' && node.isNull)) return {}
  if (node.kind !== 'map') throw new ConfigError(`expected a mapping at ${where(node)}`)
  return Object.fromEntries(node.entries.map(([name, values]) => [name, seq(values).map(str)]))
}

/** Parses an `http_config` block, rejecting what the original rejects, in the order it checks. */
export function parseHttpConfig(node: YNode): HttpConfig {
  const f = fields(node, FIELDS, 'config.plain')
  const out = defaultHttpConfig()
  out.tls = parseTlsConfig(f.get('tls_config'))
  out.followRedirects = bool(f.get('follow_redirects'), true)
  bool(f.get('enable_http2'), true)
  out.proxyUrl = proxyUrl(f.get('proxy_url'))
  out.proxyConnectHeader = parseProxyConnectHeader(f.get('proxy_connect_header'))
  out.oauth2 = parseOAuth2(f.get('oauth2'))
  const basic = f.get('basic_auth')
  if (basic !== undefined) {
    const b = fields(basic, ['username', 'password', 'password_file'], 'config.plain')
    out.basicAuth = {
      username: str(b.get('username')),
      password: str(b.get('password')),
      passwordFile: str(b.get('password_file')),
    }
  }
  const auth = f.get('authorization')
  if (auth !== undefined) {
    const a = fields(auth, ['type', 'credentials', 'credentials_file'], 'config.Authorization')
    out.authorization = {
      type: str(a.get('type')).trim() || 'Bearer',
      credentials: str(a.get('credentials')),
      credentialsFile: str(a.get('credentials_file')),
    }
  }
  validate(out, str(f.get('bearer_token')), str(f.get('bearer_token_file')), node)
  return out
}

/** common/config's HTTPClientConfig.Validate (v0.38, as in Alertmanager 0.25): same checks, same order. */
function validate(out: HttpConfig, bearer: string, bearerFile: string, node: YNode): void {
  const fail = (message: string): never => {
    throw new ConfigError(`${message} at ${where(node)}`)
  }
  const { basicAuth, oauth2, authorization } = out
  if (bearer !== '' && bearerFile !== '')
    fail('at most one of bearer_token & bearer_token_file must be configured')
  if ((basicAuth !== undefined || oauth2 !== undefined) && (bearer !== '' || bearerFile !== ''))
    fail('at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured')
  if (basicAuth !== undefined && basicAuth.password !== '' && basicAuth.passwordFile !== '')
    fail('at most one of basic_auth password & password_file must be configured')
  if (authorization !== undefined) {
    if (bearer !== '' || bearerFile !== '')
      fail('authorization is not compatible with bearer_token & bearer_token_file')
    if (authorization.credentials !== '' && authorization.credentialsFile !== '')
      fail('at most one of authorization credentials & credentials_file must be configured')
    if (authorization.type.toLowerCase() === 'basic')
      fail('authorization type cannot be set to "basic", use "basic_auth" instead')
    if (basicAuth !== undefined || oauth2 !== undefined)
      fail('at most one of basic_auth, oauth2 & authorization must be configured')
  } else if (bearer !== '' || bearerFile !== '') {
    out.authorization = { type: 'Bearer', credentials: bearer, credentialsFile: bearerFile }
  }
  if (oauth2 !== undefined) {
    if (basicAuth !== undefined) fail('at most one of basic_auth, oauth2 & authorization must be configured')
    if (oauth2.clientId === '') fail('oauth2 client_id must be configured')
    if (oauth2.clientSecret === '' && oauth2.clientSecretFile === '')
      fail('either oauth2 client_secret or client_secret_file must be configured')
    if (oauth2.tokenUrl === '') fail('oauth2 token_url must be configured')
    if (oauth2.clientSecret !== '' && oauth2.clientSecretFile !== '')
      fail('at most one of oauth2 client_secret & client_secret_file must be configured')
  }
  if (Object.keys(out.proxyConnectHeader).length > 0 && out.proxyUrl === '')
    fail('if proxy_connect_header is configured proxy_url must also be configured')
}
