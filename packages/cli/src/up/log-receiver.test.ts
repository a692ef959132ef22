import { afterEach, describe, expect, it } from 'vitest'
import { formatNotification, startLogReceiver, type LogReceiver } from './log-receiver.js'

const at = new Date('2026-01-02T03:04:05.000Z')

describe('formatNotification', () => {
  it.each([
    [
      'one firing alert with labels and summary',
      {
        alerts: [
          {
            status: 'firing',
            labels: { alertname: 'TargetDown', job: 'app' },
            annotations: { summary: 'app is down' },
          },
        ],
      },
      [
        'ts=2026-01-02T03:04:05.000Z component=alert-log level=info msg="alert firing" alertname=TargetDown job=app summary="app is down"',
      ],
    ],
    [
      'a resolved alert without annotations, a label needing quotes',
      { alerts: [{ status: 'resolved', labels: { alertname: 'X', mountpoint: '/a b' } }] },
      [
        'ts=2026-01-02T03:04:05.000Z component=alert-log level=info msg="alert resolved" alertname=X mountpoint="/a b"',
      ],
    ],
    [
      'something that is not a webhook payload',
      [1, 2],
      ['ts=2026-01-02T03:04:05.000Z component=alert-log level=warn msg="not a webhook payload"'],
    ],
  ])('%s', (_, payload, want) => {
    expect(formatNotification(payload, at)).toEqual(want)
  })

  it('writes one line per alert of a group', () => {
    const alerts = [{ labels: { alertname: 'A' } }, { labels: { alertname: 'B' } }]
    expect(formatNotification({ alerts }, at)).toHaveLength(2)
  })
})

describe('startLogReceiver', () => {
  let receiver: LogReceiver | undefined
  afterEach(async () => {
    await receiver?.close()
  })

  it('prints what the Alertmanager POSTs and refuses other methods', async () => {
    const lines: string[] = []
    receiver = await startLogReceiver((line) => lines.push(line))
    const body = JSON.stringify({ alerts: [{ status: 'firing', labels: { alertname: 'HighErrorRate' } }] })
    expect((await fetch(receiver.url, { method: 'POST', body })).status).toBe(200)
    expect(lines).toEqual([expect.stringMatching(/msg="alert firing" alertname=HighErrorRate\n$/)])
    expect((await fetch(receiver.url)).status).toBe(405)
  })
})
