import type { ClientAuthType } from './tls-names.js'

/** `tls_server_config`: file paths are already resolved against the web config file's folder. */
export interface TlsServerConfig {
  /** Inline PEM certificate (`cert`), used when `certFile` is empty. */
  cert: string
  /** Inline PEM key (`key`), used when `keyFile` is empty. */
  key: string
  /** Inline PEM client CA bundle (`client_ca`), used when `clientCaFile` is empty. */
  clientCa: string
  certFile: string
  keyFile: string
  /** `client_auth_type` as written (`''` when absent): an explicit value alone turns TLS on. */
  clientAuthTypeText: string
  clientAuthType: ClientAuthType
  clientCaFile: string
  /** `client_allowed_sans`; undefined when absent. */
  clientAllowedSans: readonly string[] | undefined
  /** Go names (`TLS12`); the defaults are TLS12 and TLS13. */
  minVersion: string
  maxVersion: string
  /** Go names (`TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`); empty means the defaults. */
  cipherSuites: readonly string[]
  /** Go names (`CurveP256`); empty means the defaults. */
  curvePreferences: readonly string[]
  preferServerCipherSuites: boolean
}

/** `http_server_config`. */
export interface HttpServerConfig {
  /** Whether HTTP/2 is offered through ALPN when TLS is on (default true); fixed at start. */
  http2: boolean
  /** Extra response headers, names as written in the file (one of the allowed ones). */
  headers: ReadonlyMap<string, string>
}

/** A parsed and validated exporter-toolkit web configuration file. */
export interface WebConfig {
  tlsServerConfig: TlsServerConfig
  httpServerConfig: HttpServerConfig
  /** `basic_auth_users`: user name to bcrypt hash; empty means no basic auth. */
  basicAuthUsers: ReadonlyMap<string, string>
}
