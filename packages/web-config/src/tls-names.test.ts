import { createSecureContext, getCiphers } from 'node:tls'
import { describe, expect, it } from 'vitest'
import { CIPHER_SUITES, CURVES, TLS_VERSIONS } from './tls-names.js'

describe('Go TLS names mapped to OpenSSL', () => {
  it.each([...CIPHER_SUITES])('cipher suite %s is OpenSSL’s %s', (_go, openssl) => {
    expect(getCiphers()).toContain(openssl.toLowerCase())
  })

  it.each([...CURVES])('curve %s is OpenSSL’s group %s', (_go, group) => {
    expect(() => createSecureContext({ ecdhCurve: group })).not.toThrow()
  })

  it.each([...TLS_VERSIONS])('version %s is Node’s %s', (_go, version) => {
    expect(() => createSecureContext({ minVersion: version, maxVersion: version })).not.toThrow()
  })
})
