import { createSecureContext, type SecureContextOptions } from 'node:tls'
import { WebConfigError } from './errors.js'
import { FileSnapshot } from './file-snapshot.js'
import { CIPHER_SUITES, CURVES, TLS_VERSIONS, type ClientAuthType } from './tls-names.js'
import type { TlsServerConfig } from './web-config-types.js'
import type { WebConfigSource } from './web-config-source.js'

/** Everything a TLS server needs for one connection, built from `tls_server_config`. */
export interface TlsMaterial {
  /** Options for `tls.createSecureContext` / `server.setSecureContext`. */
  contextOptions: SecureContextOptions
  /** Whether the server asks the client for a certificate at all. */
  requestCert: boolean
  /** Whether OpenSSL itself refuses an unverified client certificate during the handshake. */
  rejectUnauthorized: boolean
  clientAuthType: ClientAuthType
  clientAllowedSans: readonly string[] | undefined
}

/** Whether `tls_server_config` turns TLS on: any of the certificate, key, client CA or client auth fields is set. */
export function tlsEnabled(c: TlsServerConfig): boolean {
  return (
    c.certFile !== '' ||
    c.cert !== '' ||
    c.keyFile !== '' ||
    c.key !== '' ||
    c.clientCaFile !== '' ||
    c.clientCa !== '' ||
    c.clientAuthTypeText !== ''
  )
}

function readPem(snapshot: FileSnapshot | undefined, inline: string, field: string): Buffer | string {
  if (snapshot === undefined) return inline
  try {
    return snapshot.read()
  } catch (cause) {
    throw new WebConfigError(`failed to read ${field} (${snapshot.path}): ${(cause as Error).message}`, {
      cause,
    })
  }
}

function contextOptionsOf(
  c: TlsServerConfig,
  cert: Buffer | string,
  key: Buffer | string,
  ca: Buffer | string,
) {
  const options: SecureContextOptions = {
    cert,
    key,
    minVersion: TLS_VERSIONS.get(c.minVersion),
    maxVersion: TLS_VERSIONS.get(c.maxVersion),
    honorCipherOrder: c.preferServerCipherSuites,
  }
  if (c.cipherSuites.length > 0) options.ciphers = c.cipherSuites.map((n) => CIPHER_SUITES.get(n)).join(':')
  if (c.curvePreferences.length > 0)
    options.ecdhCurve = c.curvePreferences.map((n) => CURVES.get(n)).join(':')
  if (ca !== '') options.ca = ca
  return options
}

/** Builds TLS material from `tls_server_config` and the files it names; throws a WebConfigError naming what is wrong. */
export function buildTlsMaterial(c: TlsServerConfig, files: TlsFiles = new TlsFiles(c)): TlsMaterial {
  if (!tlsEnabled(c)) throw new WebConfigError('TLS config is not present')
  if (c.certFile === '' && c.cert === '') throw new WebConfigError('missing one of cert or cert_file')
  if (c.keyFile === '' && c.key === '') throw new WebConfigError('missing one of key or key_file')
  const cert = readPem(files.cert, c.cert, 'cert_file')
  const key = readPem(files.key, c.key, 'key_file')
  const ca = readPem(files.ca, c.clientCa, 'client_ca_file')
  try {
    createSecureContext({ cert, key })
  } catch (cause) {
    throw new WebConfigError(`failed to load X509KeyPair: ${(cause as Error).message}`, { cause })
  }
  const contextOptions = contextOptionsOf(c, cert, key, ca)
  try {
    createSecureContext(contextOptions)
  } catch (cause) {
    throw new WebConfigError(`cannot use the TLS settings (${(cause as Error).message})`, { cause })
  }
  if (ca !== '' && c.clientAuthType === 'NoClientCert')
    throw new WebConfigError("client CA's have been configured without a Client Auth Policy")
  return {
    contextOptions,
    requestCert: c.clientAuthType !== 'NoClientCert',
    rejectUnauthorized: c.clientAuthType === 'RequireAndVerifyClientCert',
    clientAuthType: c.clientAuthType,
    clientAllowedSans: c.clientAllowedSans,
  }
}

/** The certificate, key and client CA files one `tls_server_config` names, each re-read only when it changes. */
export class TlsFiles {
  readonly cert: FileSnapshot | undefined
  readonly key: FileSnapshot | undefined
  readonly ca: FileSnapshot | undefined

  constructor(c: TlsServerConfig) {
    this.cert = c.certFile === '' ? undefined : new FileSnapshot(c.certFile)
    this.key = c.keyFile === '' ? undefined : new FileSnapshot(c.keyFile)
    this.ca = c.clientCaFile === '' ? undefined : new FileSnapshot(c.clientCaFile)
  }

  /** Whether these snapshots follow the paths `c` names. */
  matches(c: TlsServerConfig): boolean {
    return (
      (this.cert?.path ?? '') === c.certFile &&
      (this.key?.path ?? '') === c.keyFile &&
      (this.ca?.path ?? '') === c.clientCaFile
    )
  }
}

/**
 * The TLS material of a web configuration file, rebuilt only when the file or one of the
 * certificate files changed, so a rotated certificate is used by the next connection.
 */
export class TlsMaterialSource {
  private files: TlsFiles | undefined
  private builtFrom: unknown[] = []
  private built: TlsMaterial | undefined

  constructor(private readonly source: WebConfigSource) {}

  /** The material for a new connection; throws a WebConfigError when the files are unusable now. */
  current(): TlsMaterial {
    const config = this.source.current().tlsServerConfig
    if (this.files === undefined || !this.files.matches(config)) this.files = new TlsFiles(config)
    const files = this.files
    const inputs = [config, safeRead(files.cert), safeRead(files.key), safeRead(files.ca)]
    if (this.built !== undefined && inputs.every((v, i) => v === this.builtFrom[i])) return this.built
    this.built = undefined
    this.built = buildTlsMaterial(config, files)
    this.builtFrom = inputs
    return this.built
  }
}

function safeRead(file: FileSnapshot | undefined): Buffer | undefined {
  try {
    return file?.read()
  } catch {
    // buildTlsMaterial reads again and reports the error with the field's name.
    return undefined
  }
}
