/**
 * Go's `crypto/tls` names as the toolkit accepts them, mapped to OpenSSL's (Node's) names.
 * Cipher suites are those of Go's `tls.CipherSuites()` (the secure list; Go 1.19–1.21 still had
 * the RSA key-exchange suites there, and Debian's exporters accept them).
 */

/** `min_version`/`max_version` values to Node's `minVersion`/`maxVersion`. */
export const TLS_VERSIONS: ReadonlyMap<string, 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'> = new Map([
  ['TLS10', 'TLSv1'],
  ['TLS11', 'TLSv1.1'],
  ['TLS12', 'TLSv1.2'],
  ['TLS13', 'TLSv1.3'],
])

/** `cipher_suites` values to OpenSSL cipher names (TLS 1.3 suites keep their IANA names). */
export const CIPHER_SUITES: ReadonlyMap<string, string> = new Map([
  ['TLS_RSA_WITH_AES_128_CBC_SHA', 'AES128-SHA'],
  ['TLS_RSA_WITH_AES_256_CBC_SHA', 'AES256-SHA'],
  ['TLS_RSA_WITH_AES_128_GCM_SHA256', 'AES128-GCM-SHA256'],
  ['TLS_RSA_WITH_AES_256_GCM_SHA384', 'AES256-GCM-SHA384'],
  ['TLS_AES_128_GCM_SHA256', 'TLS_AES_128_GCM_SHA256'],
  ['TLS_AES_256_GCM_SHA384', 'TLS_AES_256_GCM_SHA384'],
  ['TLS_CHACHA20_POLY1305_SHA256', 'TLS_CHACHA20_POLY1305_SHA256'],
  ['TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA', 'ECDHE-ECDSA-AES128-SHA'],
  ['TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA', 'ECDHE-ECDSA-AES256-SHA'],
  ['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 'ECDHE-RSA-AES128-SHA'],
  ['TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA', 'ECDHE-RSA-AES256-SHA'],
  ['TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'ECDHE-ECDSA-AES128-GCM-SHA256'],
  ['TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'ECDHE-ECDSA-AES256-GCM-SHA384'],
  ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'ECDHE-RSA-AES128-GCM-SHA256'],
  ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'ECDHE-RSA-AES256-GCM-SHA384'],
  ['TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', 'ECDHE-RSA-CHACHA20-POLY1305'],
  ['TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', 'ECDHE-ECDSA-CHACHA20-POLY1305'],
])

/** `curve_preferences` values to OpenSSL group names for Node's `ecdhCurve`. */
export const CURVES: ReadonlyMap<string, string> = new Map([
  ['CurveP256', 'P-256'],
  ['CurveP384', 'P-384'],
  ['CurveP521', 'P-521'],
  ['X25519', 'X25519'],
])

/** The `client_auth_type` policies, named as Go's `tls.ClientAuthType`. */
export type ClientAuthType =
  | 'NoClientCert'
  | 'RequestClientCert'
  | 'RequireAnyClientCert'
  | 'VerifyClientCertIfGiven'
  | 'RequireAndVerifyClientCert'

/** Accepted `client_auth_type` spellings; `RequireClientCert` is the toolkit's old alias. */
export const CLIENT_AUTH_TYPES: ReadonlyMap<string, ClientAuthType> = new Map([
  ['', 'NoClientCert'],
  ['NoClientCert', 'NoClientCert'],
  ['RequestClientCert', 'RequestClientCert'],
  ['RequireAnyClientCert', 'RequireAnyClientCert'],
  ['RequireClientCert', 'RequireAnyClientCert'],
  ['VerifyClientCertIfGiven', 'VerifyClientCertIfGiven'],
  ['RequireAndVerifyClientCert', 'RequireAndVerifyClientCert'],
])

/**
 * Response headers the file may set, with the values allowed where the header is an enumeration;
 * the toolkit keeps this list closed so every Prometheus component behaves alike.
 */
export const ALLOWED_HEADERS: ReadonlyMap<string, readonly string[]> = new Map([
  ['Strict-Transport-Security', []],
  ['X-Content-Type-Options', ['nosniff']],
  ['X-Frame-Options', ['deny', 'sameorigin']],
  ['X-XSS-Protection', []],
  ['Content-Security-Policy', []],
])
