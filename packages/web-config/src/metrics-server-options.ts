import type { SecureContextOptions, TLSSocket } from 'node:tls'
import { BasicAuthVerifier } from './basic-auth.js'
import { clientCertificateRefusal } from './client-certificate.js'
import { buildTlsMaterial, tlsEnabled } from './tls-material.js'
import { WebConfigSource } from './web-config-source.js'

/**
 * The security hooks of `@watchfire/client`'s standalone metrics server (`startHttpServer`),
 * declared here structurally so the client keeps no runtime dependency on this package.
 */
export interface MetricsServerSecurityOptions {
  /** Serve HTTPS with these `https.createServer` options. */
  tls?: SecureContextOptions & { requestCert?: boolean; rejectUnauthorized?: boolean }
  /** With `tls`: offer HTTP/2 and HTTP/1.1 through ALPN (the client's default), or HTTP/1.1 only when false. */
  http2?: boolean
  /** Refuses a TLS client after its handshake when this returns false. */
  acceptTlsClient?: (socket: TLSSocket) => boolean
  /** Basic auth: requests without credentials, or for which this resolves false, get 401. */
  authenticate?: (user: string, password: string) => boolean | Promise<boolean>
  /** Headers added to every response. */
  headers?: Readonly<Record<string, string>>
}

/**
 * Turns a web configuration file into the client's metrics-server options, so an instrumented
 * process can serve `/metrics` with the same TLS, client-certificate, basic-auth, header and
 * HTTP/2 settings as the other components. Users and passwords are re-read from the file on each
 * request; the certificate is read now (restart the process to rotate it). Throws a
 * WebConfigError when the file is invalid.
 */
export function metricsServerOptionsFromWebConfig(path: string): MetricsServerSecurityOptions {
  const source = new WebConfigSource(path)
  const config = source.current()
  const out: MetricsServerSecurityOptions = {}
  if (config.httpServerConfig.headers.size > 0)
    out.headers = Object.fromEntries(config.httpServerConfig.headers)
  if (tlsEnabled(config.tlsServerConfig)) {
    const material = buildTlsMaterial(config.tlsServerConfig)
    out.tls = {
      ...material.contextOptions,
      requestCert: material.requestCert,
      rejectUnauthorized: material.rejectUnauthorized,
    }
    out.acceptTlsClient = (socket) => clientCertificateRefusal(socket, material) === undefined
    // Only TLS listeners negotiate HTTP/2, as with the components (no h2c).
    out.http2 = config.httpServerConfig.http2
  }
  if (config.basicAuthUsers.size > 0) {
    const verifier = new BasicAuthVerifier()
    out.authenticate = (user, password) => verifier.verify(source.current().basicAuthUsers, user, password)
  }
  return out
}
