import { describe, expect, it } from 'vitest'
import { parseConfig } from './load-config.js'
import { SecretScrubber } from './secret-scrubber.js'

const CONFIG = `
scrape_configs:
- job_name: a
  basic_auth: {username: bob, password: hunter2-basic}
- job_name: b
  authorization: {credentials: tok-credentials}
- job_name: c
  bearer_token: tok-bearer
  static_configs: [{targets: ['x:1']}]
remote_write:
- url: http://user:pw%2Furl@rw:9/write
`

describe('SecretScrubber', () => {
  const scrubber = new SecretScrubber()
  scrubber.learn(parseConfig(CONFIG))

  it.each([
    ['msg="auth" password=hunter2-basic', 'msg="auth" password=<secret>'],
    ['header Bearer tok-credentials and tok-bearer', 'header Bearer <secret> and <secret>'],
    ['url=http://user:pw%2Furl@rw:9/write', 'url=http://user:<secret>@rw:9/write'],
    ['decoded pw/url', 'decoded <secret>'],
    ['nothing secret here', 'nothing secret here'],
  ])('scrubs %j', (line, want) => {
    expect(scrubber.scrub(line)).toBe(want)
  })

  it('remembers secrets of earlier configurations', () => {
    const s = new SecretScrubber()
    s.learn(parseConfig(CONFIG))
    s.learn(parseConfig('scrape_configs: []'))
    expect(s.scrub('old hunter2-basic')).toBe('old <secret>')
  })
})
