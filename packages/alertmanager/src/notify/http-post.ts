import { readFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { TlsConfig } from '../config/http-config.js'
import { NotifyError } from './integration.js'

/**
 * POSTs a body and reads the answer (first 64 KiB). Network errors become a retryable NotifyError.
 */
export function httpPost(
  url: string,
  body: string,
  headers: Record<string, string>,
  tls: TlsConfig,
  signal: AbortSignal,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url)
    const options = {
      method: 'POST',
      headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
      signal,
    }
    const req =
      u.protocol === 'https:'
        ? httpsRequest(u, {
            ...options,
            rejectUnauthorized: !tls.insecureSkipVerify,
            ...(tls.caFile !== '' ? { ca: readFileSync(tls.caFile) } : {}),
            ...(tls.certFile !== '' ? { cert: readFileSync(tls.certFile) } : {}),
            ...(tls.keyFile !== '' ? { key: readFileSync(tls.keyFile) } : {}),
            ...(tls.serverName !== '' ? { servername: tls.serverName } : {}),
          })
        : httpRequest(u, options)
    req.on('response', (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        if (text.length < 65536) text += chunk
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
      res.on('error', (err) =>
        reject(new NotifyError(`cannot read response from ${url} (${err.message})`, true)),
      )
    })
    req.on('error', (err) =>
      reject(
        new NotifyError(`cannot POST to ${u.origin}${u.pathname} (${err.message})`, true, { cause: err }),
      ),
    )
    req.end(body)
  })
}
