import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAlertmanager, type RunningAlertmanager } from '@watchfire/alertmanager'
import { freePort } from './lib/ports.js'

// Budget: ~3 s. An alert routed to an e-mail receiver arrives at an SMTP server on loopback (nodemailer's
// smtp-server) with the default subject and HTML body rendered by @watchfire/template.

let dir = ''
let am: RunningAlertmanager
let smtp: SMTPServer
const messages: string[] = []

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'watchfire-am-email-'))
  const port = await freePort()
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      let text = ''
      stream.on('data', (c: Buffer) => (text += c.toString()))
      stream.on('end', () => {
        messages.push(text)
        callback()
      })
    },
  })
  await new Promise<void>((r) => smtp.listen(port, '127.0.0.1', r))
  const file = join(dir, 'alertmanager.yml')
  await writeFile(
    file,
    `global:\n  smtp_smarthost: '127.0.0.1:${port}'\n  smtp_from: 'am@example.org'\n  smtp_require_tls: false\n` +
      `route:\n  receiver: mail\n  group_wait: 0s\nreceivers:\n  - name: mail\n    email_configs: [{to: 'ops@example.org'}]\n`,
  )
  am = await startAlertmanager({ configFile: file, listenAddress: '127.0.0.1:0' })
})

afterAll(async () => {
  await am.close()
  await new Promise<void>((r) => smtp.close(() => r()))
  await rm(dir, { recursive: true, force: true })
})

describe('e-mail notifications', () => {
  it('delivers the rendered default subject and HTML body', async () => {
    await fetch(`${am.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify([{ labels: { alertname: 'DiskFull', instance: 'db1' } }]),
    })
    const deadline = Date.now() + 5000
    while (messages.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    expect(messages).toHaveLength(1)
    const mail = messages[0] as string
    // No group_by: empty group labels, so the original's subject is `[FIRING:1]  (DiskFull db1)`.
    expect(mail).toMatch(/^Subject: \[FIRING:1\] {2}\(DiskFull db1\)\r?$/m)
    expect(mail).toMatch(/^To: ops@example.org/m)
    expect(mail).toContain('text/html')
    expect(mail).toContain('DiskFull')
  })
})
