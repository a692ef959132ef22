import { readFile } from 'node:fs/promises'
import type { ConnectionOptions } from 'node:tls'
import type { TlsConfig } from '../config/http-config.js'

/**
 * Node TLS options for an SMTP connection from a receiver's `tls_config`: CA, client certificate and key,
 * server name, verification and the lowest TLS version, as the original's e-mail notifier applies them to
 * STARTTLS and to implicit TLS alike.
 */
export async function smtpTlsOptions(tls: TlsConfig): Promise<ConnectionOptions> {
  return {
    rejectUnauthorized: !tls.insecureSkipVerify,
    ...(tls.serverName !== '' ? { servername: tls.serverName } : {}),
    ...(tls.caFile !== '' ? { ca: await readFile(tls.caFile) } : {}),
    ...(tls.certFile !== '' ? { cert: await readFile(tls.certFile) } : {}),
    ...(tls.keyFile !== '' ? { key: await readFile(tls.keyFile) } : {}),
    ...(tls.minVersion !== undefined ? { minVersion: tls.minVersion } : {}),
  }
}
