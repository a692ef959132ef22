import { ConfigError } from '../errors.js'
import { bool, fields, str, where, type YNode } from './yaml-node.js'

/** TLS options of an HTTP client or SMTP connection (file paths resolved against the config's directory). */
export interface TlsConfig {
  caFile: string
  certFile: string
  keyFile: string
  serverName: string
  insecureSkipVerify: boolean
  /** The lowest TLS version accepted, as Node names it (`TLSv1.2`); undefined for Node's default. */
  minVersion: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3' | undefined
}

/** The subset of Prometheus's HTTP client configuration Watchfire honours for webhooks. */
export interface HttpConfig {
  basicAuth: { username: string; password: string; passwordFile: string } | undefined
  authorization: { type: string; credentials: string; credentialsFile: string } | undefined
  tls: TlsConfig
  followRedirects: boolean
}

const TLS_FIELDS = ['ca_file', 'cert_file', 'key_file', 'server_name', 'insecure_skip_verify', 'min_version']

/** `min_version` values as the original spells them, and as Node's TLS does. */
const MIN_VERSIONS: Partial<Record<string, TlsConfig['minVersion']>> = {
  TLS10: 'TLSv1',
  TLS11: 'TLSv1.1',
  TLS12: 'TLSv1.2',
  TLS13: 'TLSv1.3',
}

/** Parses a `tls_config` block. */
export function parseTlsConfig(node: YNode | undefined): TlsConfig {
  const f = node === undefined ? new Map<string, YNode>() : fields(node, TLS_FIELDS, 'config.TLSConfig')
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

/** The default HTTP client configuration (no auth, redirects followed). */
export function defaultHttpConfig(): HttpConfig {
  return {
    basicAuth: undefined,
    authorization: undefined,
    tls: parseTlsConfig(undefined),
    followRedirects: true,
  }
}

const FIELDS = [
  'basic_auth',
  'authorization',
  'bearer_token',
  'bearer_token_file',
  'tls_config',
  'follow_redirects',
  'enable_http2',
]

/** Parses an `http_config` block, rejecting combinations the original rejects. */
export function parseHttpConfig(node: YNode): HttpConfig {
  if (node.kind === 'map') {
    for (const [key] of node.entries) {
      if (key === 'proxy_url' || key === 'oauth2') {
        throw new ConfigError(`http_config.${key} is not supported by Watchfire yet at ${where(node)}`)
      }
    }
  }
  const f = fields(node, FIELDS, 'config.HTTPClientConfig')
  const out = defaultHttpConfig()
  out.tls = parseTlsConfig(f.get('tls_config'))
  out.followRedirects = bool(f.get('follow_redirects'), true)
  bool(f.get('enable_http2'), true)
  const basic = f.get('basic_auth')
  if (basic !== undefined) {
    const b = fields(basic, ['username', 'password', 'password_file'], 'config.BasicAuth')
    out.basicAuth = {
      username: str(b.get('username')),
      password: str(b.get('password')),
      passwordFile: str(b.get('password_file')),
    }
    if (out.basicAuth.password !== '' && out.basicAuth.passwordFile !== '') {
      throw new ConfigError(
        `at most one of basic_auth password & password_file must be configured at ${where(basic)}`,
      )
    }
  }
  const bearer = str(f.get('bearer_token'))
  const bearerFile = str(f.get('bearer_token_file'))
  const auth = f.get('authorization')
  const configured = [basic !== undefined, bearer !== '', bearerFile !== ''].filter(Boolean).length
  if (configured > 1) {
    throw new ConfigError(
      `at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured at ${where(node)}`,
    )
  }
  if (auth !== undefined) {
    if (bearer !== '' || bearerFile !== '') {
      throw new ConfigError(
        `authorization is not compatible with bearer_token & bearer_token_file at ${where(node)}`,
      )
    }
    if (basic !== undefined) {
      throw new ConfigError(
        `at most one of basic_auth, oauth2 & authorization must be configured at ${where(node)}`,
      )
    }
    const a = fields(auth, ['type', 'credentials', 'credentials_file'], 'config.Authorization')
    const type = str(a.get('type')) || 'Bearer'
    if (type.toLowerCase() === 'basic') {
      throw new ConfigError(
        `authorization type cannot be set to "basic", use "basic_auth" instead at ${where(auth)}`,
      )
    }
    out.authorization = {
      type,
      credentials: str(a.get('credentials')),
      credentialsFile: str(a.get('credentials_file')),
    }
    if (out.authorization.credentials !== '' && out.authorization.credentialsFile !== '') {
      throw new ConfigError(
        `at most one of authorization credentials & credentials_file must be configured at ${where(auth)}`,
      )
    }
  } else if (bearer !== '' || bearerFile !== '') {
    out.authorization = { type: 'Bearer', credentials: bearer, credentialsFile: bearerFile }
  }
  return out
}
