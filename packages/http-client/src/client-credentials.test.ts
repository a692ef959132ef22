import { describe, expect, it } from 'vitest'
import { authHeaders } from './client-credentials.js'
import { defaultTlsConfig } from './config-keys.js'
import type { HttpClientConfig } from './config-types.js'

const missing = '/nonexistent/watchfire-credentials'
const basic = `Basic ${Buffer.from('u:p').toString('base64')}`

/** A client config with nothing but the given credentials. */
function client(extra: Partial<HttpClientConfig>): HttpClientConfig {
  return {
    bearerToken: '',
    bearerTokenFile: '',
    tlsConfig: defaultTlsConfig(),
    proxyUrl: '',
    followRedirects: true,
    enableHttp2: true,
    ...extra,
  }
}

const oauth2: HttpClientConfig['oauth2'] = {
  clientId: 'c',
  clientSecret: 's',
  clientSecretFile: '',
  scopes: [],
  tokenUrl: 'http://t/',
  endpointParams: {},
  tlsConfig: defaultTlsConfig(),
  proxyUrl: '',
}

// http_sd_configs may carry several credentials (Prometheus 2.42 does not validate them there); its round
// trippers let the outermost one set the header and never read the inner ones' files.
describe('authHeaders precedence', () => {
  it.each<[string, Partial<HttpClientConfig>, string | undefined]>([
    ['none', {}, undefined],
    ['authorization', { authorization: { type: 'Token', credentials: 'a', credentialsFile: '' } }, 'Token a'],
    [
      'bearer_token over authorization',
      { bearerToken: 'b', authorization: { type: 'Bearer', credentials: '', credentialsFile: missing } },
      'Bearer b',
    ],
    ['bearer_token over bearer_token_file', { bearerToken: 'b', bearerTokenFile: missing }, 'Bearer b'],
    [
      'basic_auth over bearer_token_file',
      { basicAuth: { username: 'u', password: 'p', passwordFile: '' }, bearerTokenFile: missing },
      basic,
    ],
    [
      'oauth2 over basic_auth (the client adds its token)',
      { oauth2, basicAuth: { username: 'u', password: '', passwordFile: missing } },
      undefined,
    ],
  ])('%s', (_name, extra, expected) => {
    expect(authHeaders(client(extra)).Authorization).toBe(expected)
  })
})
