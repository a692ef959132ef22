import type { TlsConfig } from './config-types.js'

/** Keys of a `tls_config` block. */
export const TLS_CONFIG_KEYS = [
  'ca_file',
  'cert_file',
  'key_file',
  'server_name',
  'insecure_skip_verify',
  'min_version',
] as const

/** Keys of an `oauth2` block (it has no proxy_connect_header of its own). */
export const OAUTH2_KEYS = [
  'client_id',
  'client_secret',
  'client_secret_file',
  'scopes',
  'token_url',
  'endpoint_params',
  'tls_config',
  'proxy_url',
] as const

/** An empty tls_config: the system's CAs, no client certificate, TLS 1.2 at least. */
export function defaultTlsConfig(): TlsConfig {
  return { caFile: '', certFile: '', keyFile: '', serverName: '', insecureSkipVerify: false, minVersion: '' }
}
