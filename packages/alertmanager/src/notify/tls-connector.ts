import { readFileSync } from 'node:fs'
import { buildConnector } from 'undici'
import type { TlsConfig } from '../config/http-config.js'

/** PEM contents of a receiver's TLS files (undefined for a file not configured). */
interface TlsFiles {
  ca: Buffer | undefined
  cert: Buffer | undefined
  key: Buffer | undefined
}

function readOptional(path: string): Buffer | undefined {
  return path === '' ? undefined : readFileSync(path)
}

function sameFile(a: Buffer | undefined, b: Buffer | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.equals(b)
}

/**
 * An undici connector for a receiver's `tls_config`. The CA, certificate and key files are read for every new
 * connection, so rotated files are picked up as the original does, but the underlying connector (and its TLS
 * session cache) is rebuilt only when their contents changed. A file that cannot be read fails the connection.
 */
export function tlsConnector(tls: TlsConfig): buildConnector.connector {
  let files: TlsFiles | undefined
  let connect: buildConnector.connector | undefined
  return (options, callback) => {
    let now: TlsFiles
    try {
      now = { ca: readOptional(tls.caFile), cert: readOptional(tls.certFile), key: readOptional(tls.keyFile) }
    } catch (err) {
      callback(err as Error, null)
      return
    }
    if (
      connect === undefined ||
      files === undefined ||
      !sameFile(files.ca, now.ca) ||
      !sameFile(files.cert, now.cert) ||
      !sameFile(files.key, now.key)
    ) {
      files = now
      connect = buildConnector({
        rejectUnauthorized: !tls.insecureSkipVerify,
        ...(now.ca !== undefined ? { ca: now.ca } : {}),
        ...(now.cert !== undefined ? { cert: now.cert } : {}),
        ...(now.key !== undefined ? { key: now.key } : {}),
        ...(tls.serverName !== '' ? { servername: tls.serverName } : {}),
        ...(tls.minVersion !== undefined ? { minVersion: tls.minVersion } : {}),
      })
    }
    connect(options, callback)
  }
}
