import { describe, expect, it } from 'vitest'
import { parseConfig } from '@watchfire/alertmanager'
import { generateAlertmanagerConfig } from './alertmanager-config.js'

const logWebhookUrl = 'http://127.0.0.1:40001/alerts'

describe('generateAlertmanagerConfig', () => {
  it('without --smtp-* sends every alert to the log receiver only', () => {
    const config = parseConfig(generateAlertmanagerConfig({ logWebhookUrl }))
    expect(config.route.receiver).toBe('watchfire-up')
    expect(config.receivers).toHaveLength(1)
    expect(config.receivers[0]?.webhook.map((w) => w.url)).toEqual([logWebhookUrl])
    expect(config.receivers[0]?.email).toEqual([])
  })

  it('with --smtp-* also e-mails, through the given server and credentials', () => {
    const config = parseConfig(
      generateAlertmanagerConfig({
        logWebhookUrl,
        smtp: {
          smarthost: '127.0.0.1:2525',
          from: 'watchfire@example.org',
          to: 'oncall@example.org',
          authUsername: 'me',
          authPassword: 'p"w: d',
          requireTls: false,
        },
      }),
    )
    const receiver = config.receivers[0]
    expect(receiver?.webhook.map((w) => w.url)).toEqual([logWebhookUrl])
    expect(receiver?.email).toEqual([
      expect.objectContaining({
        to: 'oncall@example.org',
        from: 'watchfire@example.org',
        smarthost: '127.0.0.1:2525',
        requireTls: false,
      }),
    ])
  })
})
