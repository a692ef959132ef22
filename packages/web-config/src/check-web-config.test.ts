import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCa } from '../../../test/support/test-certificates.js'
import { checkWebConfigFile } from './check-web-config.js'

let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wf-check-web-config-'))
  const ca = createTestCa(dir)
  const a = ca.issue('a', ['DNS:localhost'], 'serverAuth')
  const b = ca.issue('b', ['DNS:localhost'], 'serverAuth')
  copyFileSync(a.certFile, join(dir, 'server.crt'))
  copyFileSync(a.keyFile, join(dir, 'server.key'))
  copyFileSync(b.keyFile, join(dir, 'other.key'))
}, 30_000)

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('checkWebConfigFile', () => {
  it.each([
    ['an empty file', ''],
    ['TLS with a matching key', 'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n'],
    [
      'client certificates',
      'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n',
    ],
    ['only headers', 'http_server_config:\n  headers:\n    X-Content-Type-Options: nosniff\n'],
  ])('accepts %s', (_name, text) => {
    const path = join(dir, 'ok.yml')
    writeFileSync(path, text)
    expect(() => checkWebConfigFile(path)).not.toThrow()
  })

  it.each([
    ['a missing file', undefined, 'cannot read web config file'],
    ['a missing key_file', 'tls_server_config:\n  cert_file: server.crt\n', 'missing one of key or key_file'],
    [
      'a missing cert_file',
      'tls_server_config:\n  client_auth_type: RequireAnyClientCert\n',
      'missing one of cert or cert_file',
    ],
    [
      'an unreadable certificate',
      'tls_server_config:\n  cert_file: nope.crt\n  key_file: server.key\n',
      'failed to read cert_file',
    ],
    [
      'a key of another certificate',
      'tls_server_config:\n  cert_file: server.crt\n  key_file: other.key\n',
      'failed to load X509KeyPair',
    ],
    [
      'a client CA without a policy',
      'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_ca_file: ca.crt\n',
      "client CA's have been configured without a Client Auth Policy",
    ],
  ])('refuses %s', (_name, text, message) => {
    const path = join(dir, 'bad.yml')
    if (text === undefined) rmSync(path, { force: true })
    else writeFileSync(path, text)
    expect(() => checkWebConfigFile(path)).toThrow(message)
  })
})
