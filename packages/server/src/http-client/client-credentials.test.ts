import { describe, expect, it } from 'vitest'
import { parseConfig } from '../config/load-config.js'
import { authHeaders } from './client-credentials.js'

const missing = '/nonexistent/watchfire-credentials'
const basic = `Basic ${Buffer.from('u:p').toString('base64')}`

/** The client settings of one http_sd_configs entry written as `yaml` (a flow mapping's inside). */
function httpSd(yaml: string): Parameters<typeof authHeaders>[0] {
  const config = parseConfig(
    `scrape_configs: [{job_name: j, http_sd_configs: [{url: "http://sd.example/", ${yaml}}]}]`,
  )
  const sd = config.scrapeConfigs[0]?.httpSdConfigs[0]
  if (sd === undefined) throw new Error('no http_sd_configs entry parsed')
  return sd.httpClient
}

// http_sd_configs may carry several credentials (2.42 does not validate them there); Prometheus's round
// trippers let the outermost one set the header and never read the inner ones' files.
describe('authHeaders precedence', () => {
  it.each<[string, string, string | undefined]>([
    ['none', 'refresh_interval: 1m', undefined],
    ['authorization', 'authorization: {type: Token, credentials: a}', 'Token a'],
    [
      'bearer_token over authorization',
      `bearer_token: b, authorization: {credentials_file: ${missing}}`,
      'Bearer b',
    ],
    ['bearer_token over bearer_token_file', `bearer_token: b, bearer_token_file: ${missing}`, 'Bearer b'],
    [
      'basic_auth over bearer_token_file',
      `basic_auth: {username: u, password: p}, bearer_token_file: ${missing}`,
      basic,
    ],
    [
      'oauth2 over basic_auth (the client adds its token)',
      `oauth2: {client_id: c, client_secret: s, token_url: "http://t/"}, basic_auth: {username: u, password_file: ${missing}}`,
      undefined,
    ],
  ])('%s', (_name, yaml, expected) => {
    expect(authHeaders(httpSd(yaml)).Authorization).toBe(expected)
  })
})
