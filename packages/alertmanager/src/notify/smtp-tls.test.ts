import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TlsConfig } from '../config/http-config.js'
import { smtpTlsOptions } from './smtp-tls.js'

const none: TlsConfig = {
  caFile: '',
  certFile: '',
  keyFile: '',
  serverName: '',
  insecureSkipVerify: false,
  minVersion: undefined,
}

describe('smtpTlsOptions', () => {
  let dir = ''
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'smtp-tls-'))
    for (const name of ['ca.pem', 'cert.pem', 'key.pem']) await writeFile(join(dir, name), `${name} bytes`)
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('verifies the server and adds nothing else by default', async () => {
    expect(await smtpTlsOptions(none)).toEqual({ rejectUnauthorized: true })
  })

  it('carries every tls_config field into the connection options', async () => {
    const options = await smtpTlsOptions({
      caFile: join(dir, 'ca.pem'),
      certFile: join(dir, 'cert.pem'),
      keyFile: join(dir, 'key.pem'),
      serverName: 'mail.example',
      insecureSkipVerify: true,
      minVersion: 'TLSv1.3',
    })
    expect({
      ...options,
      ca: String(options.ca),
      cert: String(options.cert),
      key: String(options.key),
    }).toEqual({
      rejectUnauthorized: false,
      servername: 'mail.example',
      ca: 'ca.pem bytes',
      cert: 'cert.pem bytes',
      key: 'key.pem bytes',
      minVersion: 'TLSv1.3',
    })
  })

  it('names the file it cannot read', async () => {
    await expect(smtpTlsOptions({ ...none, certFile: join(dir, 'missing.pem') })).rejects.toThrow(
      'missing.pem',
    )
  })
})
