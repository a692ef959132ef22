import { isAbsolute, join } from 'node:path'
import { WebConfigError } from './errors.js'
import { ALLOWED_HEADERS, CIPHER_SUITES, CLIENT_AUTH_TYPES, CURVES, TLS_VERSIONS } from './tls-names.js'
import type { HttpServerConfig, TlsServerConfig, WebConfig } from './web-config-types.js'
import { YamlReader } from './yaml-reader.js'

const TOP_LEVEL = ['tls_server_config', 'http_server_config', 'basic_auth_users']
const TLS_FIELDS = [
  'cert',
  'key',
  'client_ca',
  'cert_file',
  'key_file',
  'client_auth_type',
  'client_ca_file',
  'cipher_suites',
  'curve_preferences',
  'min_version',
  'max_version',
  'prefer_server_cipher_suites',
  'client_allowed_sans',
]
const HTTP_FIELDS = ['http2', 'headers']
/** `$2$`, `$2a$`, `$2b$` or `$2y$`, a two-digit cost, 22 characters of salt and 31 of hash. */
const BCRYPT_HASH = /^\$2[aby]?\$(\d\d)\$[./A-Za-z0-9]{53}$/

function joinDir(dir: string, path: string): string {
  return path === '' || isAbsolute(path) ? path : join(dir, path)
}

function goName(reader: YamlReader, known: ReadonlyMap<string, string>, what: string): string {
  const name = reader.string()
  if (!known.has(name)) reader.fail(`unknown ${what}: ${name}`)
  return name
}

function parseTls(reader: YamlReader | undefined, dir: string): TlsServerConfig {
  const f = reader?.fields('web.TLSConfig', TLS_FIELDS) ?? new Map<string, YamlReader>()
  const clientAuthTypeText = f.get('client_auth_type')?.string() ?? ''
  const clientAuthType = CLIENT_AUTH_TYPES.get(clientAuthTypeText)
  if (clientAuthType === undefined) throw new WebConfigError(`invalid ClientAuth: ${clientAuthTypeText}`)
  const sans = f.get('client_allowed_sans')
  return {
    cert: f.get('cert')?.string() ?? '',
    key: f.get('key')?.string() ?? '',
    clientCa: f.get('client_ca')?.string() ?? '',
    certFile: joinDir(dir, f.get('cert_file')?.string() ?? ''),
    keyFile: joinDir(dir, f.get('key_file')?.string() ?? ''),
    clientAuthTypeText,
    clientAuthType,
    clientCaFile: joinDir(dir, f.get('client_ca_file')?.string() ?? ''),
    clientAllowedSans: sans === undefined || sans.isNull ? undefined : sans.stringList('[]string'),
    minVersion: f.has('min_version')
      ? goName(f.get('min_version') as YamlReader, TLS_VERSIONS, 'TLS version')
      : 'TLS12',
    maxVersion: f.has('max_version')
      ? goName(f.get('max_version') as YamlReader, TLS_VERSIONS, 'TLS version')
      : 'TLS13',
    cipherSuites: (f.get('cipher_suites')?.items('[]web.Cipher') ?? []).map((c) =>
      goName(c, CIPHER_SUITES, 'cipher'),
    ),
    curvePreferences: (f.get('curve_preferences')?.items('[]web.Curve') ?? []).map((c) =>
      goName(c, CURVES, 'curve'),
    ),
    preferServerCipherSuites: f.get('prefer_server_cipher_suites')?.bool() ?? true,
  }
}

function parseHttp(reader: YamlReader | undefined): HttpServerConfig {
  const f = reader?.fields('web.HTTPConfig', HTTP_FIELDS) ?? new Map<string, YamlReader>()
  const headers = f.get('headers')?.stringMap('map[string]string') ?? new Map<string, string>()
  for (const [name, value] of headers) {
    const allowed = ALLOWED_HEADERS.get(name)
    if (allowed === undefined)
      throw new WebConfigError(`HTTP header ${JSON.stringify(name)} can not be configured`)
    if (allowed.length > 0 && !allowed.includes(value)) {
      const expected = allowed.map((v) => JSON.stringify(v)).join(' ')
      throw new WebConfigError(
        `invalid value for ${name}. Expected one of: [${expected}], but got: ${JSON.stringify(value)}`,
      )
    }
  }
  return { http2: f.get('http2')?.bool() ?? true, headers }
}

function parseUsers(reader: YamlReader | undefined): Map<string, string> {
  const users = reader?.stringMap('map[string]config.Secret') ?? new Map<string, string>()
  for (const [user, hash] of users) {
    const m = BCRYPT_HASH.exec(hash)
    const cost = m === null ? NaN : Number(m[1])
    if (!(cost >= 4 && cost <= 31))
      throw new WebConfigError(
        `basic_auth_users: the password of user ${JSON.stringify(user)} is not a bcrypt hash`,
      )
  }
  return users
}

/**
 * Parses the text of a web configuration file with the exporter toolkit's rules: strict YAML
 * (unknown or repeated fields are errors), Go's TLS names, the closed list of headers, bcrypt
 * hashes. Relative file paths are resolved against `dir`, the file's folder. Whether the TLS
 * files exist and fit together is checked when they are loaded (see {@link loadTlsMaterial}).
 */
export function parseWebConfig(text: string, dir: string): WebConfig {
  const f = YamlReader.parse(text).fields('web.Config', TOP_LEVEL)
  return {
    tlsServerConfig: parseTls(f.get('tls_server_config'), dir),
    httpServerConfig: parseHttp(f.get('http_server_config')),
    basicAuthUsers: parseUsers(f.get('basic_auth_users')),
  }
}
