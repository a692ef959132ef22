import { describe, expect, it } from 'vitest'
import { ConfigError } from './config-error.js'
import { parseConfig } from './load-config.js'

describe('remote_read', () => {
  it('fills in Prometheus defaults', () => {
    const [rr] = parseConfig('remote_read: [{ url: "http://a/api/v1/read" }]').remoteRead ?? []
    expect(rr).toMatchObject({
      url: 'http://a/api/v1/read',
      name: '',
      remoteTimeoutMs: 60_000,
      headers: {},
      readRecent: false,
      requiredMatchers: {},
      filterExternalLabels: true,
    })
  })

  it('reads every field', () => {
    const [rr] =
      parseConfig(`
remote_read:
  - url: https://b/read
    name: b
    remote_timeout: 5s
    read_recent: true
    filter_external_labels: false
    required_matchers: { env: prod }
    headers: { X-Scope-OrgID: tenant }
    basic_auth: { username: u, password: p }
`).remoteRead ?? []
    expect(rr).toMatchObject({
      name: 'b',
      remoteTimeoutMs: 5_000,
      readRecent: true,
      filterExternalLabels: false,
      requiredMatchers: { env: 'prod' },
      headers: { 'X-Scope-OrgID': 'tenant' },
      httpClient: { basicAuth: { username: 'u', password: 'p' } },
    })
  })

  it.each([
    ['an empty url', 'remote_read: [{ name: x }]', /url for remote_read is empty/],
    [
      'a reserved header',
      'remote_read: [{ url: "http://a", headers: { Authorization: x } }]',
      /Authorization is a reserved header/,
    ],
    [
      'an unknown field',
      'remote_read: [{ url: "http://a", queue_config: {} }]',
      /field queue_config not found in type config.RemoteReadConfig/,
    ],
    [
      'a repeated name',
      'remote_read: [{ url: "http://a", name: x }, { url: "http://b", name: x }]',
      /found multiple remote read configs with job name "x"/,
    ],
    ['a null entry', 'remote_read: [~]', /empty or null remote read config section/],
  ])('refuses %s', (_name, yaml, message) => {
    expect(() => parseConfig(yaml)).toThrow(ConfigError)
    expect(() => parseConfig(yaml)).toThrow(message)
  })
})
