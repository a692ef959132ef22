import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { redactConfigYaml, SECRET_MARKER } from './secret.js'

const SECRETS = [
  'S1-basic',
  'S2-cred',
  'S3-bearer',
  'S4-oauth',
  'S5-hdr',
  'S6-rw',
  'S7-am',
  'S8-sd',
  'S9-anchor',
]

const CONFIG = `
global: {scrape_interval: 15s}
scrape_configs:
- job_name: a
  basic_auth: {username: bob, password: S1-basic}
  static_configs: [{targets: ['x:1']}]
- job_name: b
  authorization: {type: Bearer, credentials: "S2-cred"}
- job_name: c
  bearer_token: 'S3-bearer'
  bearer_token_file: /run/token
- job_name: d
  oauth2: {client_id: me, client_secret: S4-oauth, token_url: 'http://t/', scopes: [x]}
  proxy_url: http://proxy:3128
  proxy_connect_header: {X-Auth: [S5-hdr, S5-hdr]}
- job_name: e
  http_sd_configs:
  - url: http://sd/
    authorization: {credentials: S8-sd}
  basic_auth: {username: u, password: &pw S9-anchor}
- job_name: f
  basic_auth: {username: u, password: *pw, password_file: ''}
remote_write:
- url: http://user:S10-url@rw/
  basic_auth: {username: u, password: S6-rw}
alerting:
  alertmanagers:
  - authorization: {credentials: S7-am}
    static_configs: [{targets: ['am:9093']}]
`

describe('redactConfigYaml', () => {
  const out = redactConfigYaml(CONFIG)

  it.each(SECRETS)('leaves no trace of %s', (secret) => {
    expect(out).not.toContain(secret)
  })

  it('keeps everything else, shows <secret> in place of each secret', () => {
    const parsed = parse(out) as {
      scrape_configs: Record<string, unknown>[]
      remote_write: Record<string, unknown>[]
    }
    expect(parsed.scrape_configs[0]?.basic_auth).toEqual({ username: 'bob', password: SECRET_MARKER })
    expect(parsed.scrape_configs[2]).toMatchObject({
      bearer_token: SECRET_MARKER,
      bearer_token_file: '/run/token',
    })
    expect(parsed.scrape_configs[3]?.proxy_connect_header).toEqual({
      'X-Auth': [SECRET_MARKER, SECRET_MARKER],
    })
    expect(parsed.scrape_configs[3]?.oauth2).toMatchObject({ client_id: 'me', client_secret: SECRET_MARKER })
    expect(parsed.scrape_configs[5]?.basic_auth).toEqual({
      username: 'u',
      password: SECRET_MARKER,
      password_file: '',
    })
    expect(parsed.remote_write[0]?.url).toBe('http://user:xxxxx@rw/')
    expect(out.match(/<secret>/g)).toHaveLength(11)
  })

  it('withholds text that does not parse', () => {
    expect(redactConfigYaml('a: [S1-basic')).toBe('')
  })
})
