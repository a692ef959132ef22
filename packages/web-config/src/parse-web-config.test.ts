import { describe, expect, it } from 'vitest'
import { WebConfigError } from './errors.js'
import { parseWebConfig } from './parse-web-config.js'

const HASH = '$2y$10$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG'

describe('parseWebConfig', () => {
  it('reads every field and applies the toolkit defaults', () => {
    const c = parseWebConfig(
      [
        'tls_server_config:',
        '  cert_file: server.crt',
        '  key_file: /abs/server.key',
        '  client_auth_type: RequireAndVerifyClientCert',
        '  client_ca_file: ca.crt',
        '  client_allowed_sans: [client.example]',
        '  min_version: TLS13',
        '  cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]',
        '  curve_preferences: [X25519, CurveP256]',
        '  prefer_server_cipher_suites: false',
        'http_server_config:',
        '  http2: false',
        '  headers:',
        '    X-Frame-Options: deny',
        '    Strict-Transport-Security: max-age=31536000',
        'basic_auth_users:',
        `  alice: ${HASH}`,
      ].join('\n'),
      '/etc/wf',
    )
    expect(c.tlsServerConfig).toMatchObject({
      certFile: '/etc/wf/server.crt',
      keyFile: '/abs/server.key',
      clientCaFile: '/etc/wf/ca.crt',
      clientAuthType: 'RequireAndVerifyClientCert',
      clientAllowedSans: ['client.example'],
      minVersion: 'TLS13',
      maxVersion: 'TLS13',
      cipherSuites: ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'],
      curvePreferences: ['X25519', 'CurveP256'],
      preferServerCipherSuites: false,
    })
    expect(c.httpServerConfig.http2).toBe(false)
    expect([...c.httpServerConfig.headers]).toEqual([
      ['X-Frame-Options', 'deny'],
      ['Strict-Transport-Security', 'max-age=31536000'],
    ])
    expect(c.basicAuthUsers.get('alice')).toBe(HASH)
  })

  it.each(['', '# nothing\n', 'tls_server_config: {}\n', 'basic_auth_users:\n'])(
    'accepts the empty config %j',
    (text) => {
      const c = parseWebConfig(text, '/')
      expect(c.tlsServerConfig).toMatchObject({
        minVersion: 'TLS12',
        maxVersion: 'TLS13',
        clientAuthType: 'NoClientCert',
      })
      expect(c.tlsServerConfig.preferServerCipherSuites).toBe(true)
      expect(c.httpServerConfig.http2).toBe(true)
      expect(c.basicAuthUsers.size).toBe(0)
    },
  )

  it.each([
    ['unknown top-level field', 'tls_config: {}\n', 'line 1: field tls_config not found in type web.Config'],
    [
      'unknown TLS field',
      'tls_server_config:\n  certfile: x\n',
      'line 2: field certfile not found in type web.TLSConfig',
    ],
    [
      'repeated field',
      'tls_server_config:\n  cert_file: a\n  cert_file: b\n',
      'line 3: field cert_file already set',
    ],
    [
      'unknown http field',
      'http_server_config:\n  http3: true\n',
      'field http3 not found in type web.HTTPConfig',
    ],
    ['non-bool http2', 'http_server_config:\n  http2: maybe\n', 'cannot unmarshal !!str `maybe` into bool'],
    ['list as string', 'tls_server_config:\n  cert_file: [a]\n', 'cannot unmarshal !!seq into string'],
    ['client auth type', 'tls_server_config:\n  client_auth_type: Always\n', 'invalid ClientAuth: Always'],
    ['TLS version', 'tls_server_config:\n  min_version: TLS14\n', 'unknown TLS version: TLS14'],
    ['cipher', 'tls_server_config:\n  cipher_suites: [RC4]\n', 'line 2: unknown cipher: RC4'],
    ['curve', 'tls_server_config:\n  curve_preferences: [P256]\n', 'unknown curve: P256'],
    [
      'forbidden header',
      'http_server_config:\n  headers:\n    X-Powered-By: me\n',
      'HTTP header "X-Powered-By" can not be configured',
    ],
    [
      'header value outside its enumeration',
      'http_server_config:\n  headers:\n    X-Frame-Options: allow\n',
      'invalid value for X-Frame-Options. Expected one of: ["deny" "sameorigin"], but got: "allow"',
    ],
    [
      'plain-text password',
      'basic_auth_users:\n  alice: secret\n',
      'the password of user "alice" is not a bcrypt hash',
    ],
    [
      'bcrypt cost out of range',
      `basic_auth_users:\n  alice: ${HASH.replace('$10$', '$99$')}\n`,
      'not a bcrypt hash',
    ],
    ['broken YAML', 'tls_server_config: [\n', 'yaml: line'],
  ])('rejects %s', (_name, text, message) => {
    let error: unknown
    try {
      parseWebConfig(text, '/')
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(WebConfigError)
    expect((error as WebConfigError).code).toBe('ERR_WEB_CONFIG')
    expect((error as WebConfigError).message).toContain(message)
  })

  it('accepts the old RequireClientCert alias and YAML 1.1 booleans', () => {
    const c = parseWebConfig(
      'tls_server_config:\n  client_auth_type: RequireClientCert\nhttp_server_config:\n  http2: off\n',
      '/',
    )
    expect(c.tlsServerConfig.clientAuthType).toBe('RequireAnyClientCert')
    expect(c.httpServerConfig.http2).toBe(false)
  })
})
