import type { IncomingMessage } from 'node:http'
import { RequestError } from './errors.js'

/** Builds the 413 answer for a body over the limit. */
export function tooLarge(maxBytes: number): RequestError {
  return new RequestError(
    'ERR_PUSHGATEWAY_TOO_LARGE',
    413,
    `cannot accept push (body exceeds ${maxBytes} bytes)`,
  )
}

/**
 * Reads a request body into one buffer, refusing (RequestError 413) a declared or actual size over `maxBytes`
 * before buffering more than that.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(tooLarge(maxBytes))
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer): void => {
      size += chunk.length
      if (size > maxBytes) {
        req.off('data', onData)
        req.resume()
        reject(tooLarge(maxBytes))
        return
      }
      chunks.push(chunk)
    }
    req.on('data', onData)
    req.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)))
    req.on('error', reject)
  })
}
