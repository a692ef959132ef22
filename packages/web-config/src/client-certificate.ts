import { isIPv6 } from 'node:net'
import type { TLSSocket } from 'node:tls'
import type { TlsMaterial } from './tls-material.js'

/**
 * Splits Node's `subjectAltName` text (`DNS:a, IP Address:127.0.0.1, URI:"x,y"`) into values;
 * Node quotes a value as JSON when it holds a comma or quote, so those are unquoted here.
 */
export function subjectAltNames(text: string | undefined): string[] {
  const out: string[] = []
  if (text === undefined || text === '') return out
  let i = 0
  while (i < text.length) {
    const colon = text.indexOf(':', i)
    if (colon < 0) break
    let j = colon + 1
    let value: string
    if (text[j] === '"') {
      let k = j + 1
      while (k < text.length && text[k] !== '"') k += text[k] === '\\' ? 2 : 1
      value = JSON.parse(text.slice(j, k + 1)) as string
      j = k + 1
    } else {
      const end = text.indexOf(', ', j)
      value = text.slice(j, end < 0 ? text.length : end)
      j = end < 0 ? text.length : end
    }
    const kind = text.slice(i, colon)
    out.push(
      kind === 'IP Address' && isIPv6(value) ? new URL(`http://[${value}]`).hostname.slice(1, -1) : value,
    )
    i = text.startsWith(', ', j) ? j + 2 : j
  }
  return out
}

/**
 * Why a finished handshake must be refused under `client_auth_type` and `client_allowed_sans`, or
 * undefined when the connection may be served. OpenSSL already enforces RequireAndVerifyClientCert
 * during the handshake; the other policies have no OpenSSL switch, so they are checked here, and
 * every verifying policy checks again so a file changed mid-handshake cannot let a client through.
 */
export function clientCertificateRefusal(socket: TLSSocket, m: TlsMaterial): string | undefined {
  const cert = socket.getPeerX509Certificate()
  const verified = socket.authorized
  switch (m.clientAuthType) {
    case 'RequireAnyClientCert':
      if (cert === undefined) return "client didn't provide a certificate"
      break
    case 'VerifyClientCertIfGiven':
      if (cert !== undefined && !verified)
        return `client certificate not verified (${String(socket.authorizationError)})`
      break
    case 'RequireAndVerifyClientCert':
      if (cert === undefined) return "client didn't provide a certificate"
      if (!verified) return `client certificate not verified (${String(socket.authorizationError)})`
      break
    case 'NoClientCert':
    case 'RequestClientCert':
      break
  }
  const allowed = m.clientAllowedSans
  // Like Go, which checks SANs only when it asked for a certificate.
  if (allowed === undefined || m.clientAuthType === 'NoClientCert') return undefined
  const sans = subjectAltNames(cert?.subjectAltName)
  if (sans.some((san) => allowed.includes(san))) return undefined
  return `could not find allowed SANs in client cert, found: [${allowed.join(' ')}]`
}
