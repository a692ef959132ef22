import { describe, expect, it } from 'vitest'
import { parseHttpConfig, type HttpConfig } from './http-config.js'
import { parseYaml } from './yaml-node.js'

/** Parses `yaml` (a flow mapping's inside) as an http_config block. */
function parse(yaml: string): HttpConfig {
  const node = parseYaml(`{${yaml}}`)
  if (node === undefined) throw new Error('empty YAML')
  return parseHttpConfig(node)
}

const OAUTH2 = "oauth2: {client_id: a, client_secret: b, token_url: 'http://t/'}"

// Verdicts and messages of amtool 0.25's check-config for a webhook's http_config.
describe('parseHttpConfig rejects what amtool 0.25 rejects', () => {
  it.each<[string, string]>([
    ["proxy_url: '::bad'", 'parse "::bad": missing protocol scheme'],
    ["proxy_url: '%zz'", 'parse "%zz": invalid URL escape "%zz"'],
    ["proxy_url: 'http://p:abc/'", 'parse "http://p:abc/": invalid port ":abc" after host'],
    ["proxy_url: 'http://a b/'", 'parse "http://a b/": invalid character " " in host name'],
    [
      'proxy_connect_header: {a: [b]}',
      'if proxy_connect_header is configured proxy_url must also be configured',
    ],
    ['proxy_from_environment: true', 'field proxy_from_environment not found in type config.plain'],
    ['no_proxy: localhost', 'field no_proxy not found in type config.plain'],
    [
      "oauth2: {client_id: a, client_secret: b, client_secret_file: f, token_url: 'http://t/'}",
      'at most one of oauth2 client_secret & client_secret_file must be configured',
    ],
    [
      "oauth2: {client_id: a, token_url: 'http://t/'}",
      'either oauth2 client_secret or client_secret_file must be configured',
    ],
    ['oauth2: {client_id: a, client_secret: b}', 'oauth2 token_url must be configured'],
    ['oauth2: {}', 'oauth2 client_id must be configured'],
    [
      "oauth2: {client_id: a, client_secret: b, token_url: 'http://t/', bogus: 1}",
      'field bogus not found in type config.OAuth2',
    ],
    [
      "oauth2: {client_id: a, client_secret: b, token_url: 't', proxy_url: '::x'}",
      'parse "::x": missing protocol scheme',
    ],
    [
      "oauth2: {client_id: a, client_secret: b, token_url: 't', tls_config: {min_version: TLS9}}",
      'unknown TLS version: TLS9',
    ],
    [
      "oauth2: {client_id: a, client_secret: b, token_url: 't', proxy_connect_header: {a: [b]}}",
      'field proxy_connect_header not found in type config.OAuth2',
    ],
    [
      `${OAUTH2}, basic_auth: {username: u}`,
      'at most one of basic_auth, oauth2 & authorization must be configured',
    ],
    [
      `${OAUTH2}, authorization: {credentials: c}`,
      'at most one of basic_auth, oauth2 & authorization must be configured',
    ],
    [
      `${OAUTH2}, bearer_token: c`,
      'at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured',
    ],
    [
      `${OAUTH2}, bearer_token_file: c`,
      'at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured',
    ],
    [
      'bearer_token: a, bearer_token_file: b',
      'at most one of bearer_token & bearer_token_file must be configured',
    ],
    [
      'oauth2: {client_id: a, client_secret: b, client_secret_file: f}, basic_auth: {username: u}',
      'at most one of basic_auth, oauth2 & authorization must be configured',
    ],
    [
      'oauth2: {client_secret: b}, authorization: {type: basic}',
      'authorization type cannot be set to "basic", use "basic_auth" instead',
    ],
    [
      'oauth2: {client_secret: b}, authorization: {credentials: a, credentials_file: b}',
      'at most one of authorization credentials & credentials_file must be configured',
    ],
    [
      'oauth2: {client_id: a}, basic_auth: {username: u, password: a, password_file: b}, bearer_token: x',
      'at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured',
    ],
    [
      'oauth2: {client_id: a, client_secret_file: b}, proxy_connect_header: {a: [b]}',
      'oauth2 token_url must be configured',
    ],
    ['proxy_url: http://p/, proxy_connect_header: {a: b}', 'expected a list'],
    ['follow_redirects: maybe', 'expected a boolean'],
  ])('%s', (yaml, message) => {
    expect(() => parse(yaml)).toThrow(message)
  })
})

describe('parseHttpConfig reads what amtool 0.25 accepts', () => {
  it.each<[string, Partial<HttpConfig>]>([
    ['', { proxyUrl: '', oauth2: undefined, followRedirects: true, proxyConnectHeader: {} }],
    ['follow_redirects: false', { followRedirects: false }],
    ["proxy_url: 'http://u:p@proxy:3128'", { proxyUrl: 'http://u:p@proxy:3128' }],
    // Go's url.Parse takes these; they fail only when a notification is sent.
    ["proxy_url: 'ftp://proxy'", { proxyUrl: 'ftp://proxy' }],
    ["proxy_url: 'proxy'", { proxyUrl: 'proxy' }],
    ["proxy_url: ''", { proxyUrl: '' }],
    [
      'proxy_url: http://p/, proxy_connect_header: {X-A: [b, c]}',
      { proxyConnectHeader: { 'X-A': ['b', 'c'] } },
    ],
    ['oauth2: ', { oauth2: undefined }],
    [
      "oauth2: {client_id: a, client_secret_file: /s, token_url: 'https://t/token', scopes: [x, y], endpoint_params: {k: v}, tls_config: {insecure_skip_verify: true, min_version: TLS13}, proxy_url: 'http://p:3128'}",
      {
        oauth2: {
          clientId: 'a',
          clientSecret: '',
          clientSecretFile: '/s',
          scopes: ['x', 'y'],
          tokenUrl: 'https://t/token',
          endpointParams: { k: 'v' },
          tlsConfig: {
            caFile: '',
            certFile: '',
            keyFile: '',
            serverName: '',
            insecureSkipVerify: true,
            minVersion: 'TLS13',
          },
          proxyUrl: 'http://p:3128',
        },
      },
    ],
    ['bearer_token: t', { authorization: { type: 'Bearer', credentials: 't', credentialsFile: '' } }],
    [
      "authorization: {type: ' Token ', credentials: c}",
      { authorization: { type: 'Token', credentials: 'c', credentialsFile: '' } },
    ],
  ])('%s', (yaml, expected) => {
    expect(parse(yaml)).toMatchObject(expected)
  })
})
