import { isUtf8 } from 'node:buffer'
import { gunzipSync } from 'node:zlib'
import type { MetricFamily } from '@watchfire/model'
import { decodeProtobuf, parseText } from '@watchfire/model'
import { RequestError, badRequest } from './errors.js'

/** The pushed families by name; a later family of the same name replaces an earlier one, as in the original. */
export type PushedFamilies = Map<string, MetricFamily>

/**
 * True for the delimited protobuf Content-Type; everything else is read as text 0.0.4, as the original does
 * (media type and parameter names compare case-insensitively, parameter values exactly, like Go's mime parser).
 */
export function isDelimitedProtobuf(contentType: string | undefined): boolean {
  if (contentType === undefined) return false
  const [mediaType = '', ...rawParams] = contentType.split(';')
  if (mediaType.trim().toLowerCase() !== 'application/vnd.google.protobuf') return false
  const params = new Map<string, string>()
  for (const raw of rawParams) {
    const eq = raw.indexOf('=')
    if (eq < 0) continue
    let value = raw.slice(eq + 1).trim()
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
    params.set(raw.slice(0, eq).trim().toLowerCase(), value)
  }
  return params.get('encoding') === 'delimited' && params.get('proto') === 'io.prometheus.client.MetricFamily'
}

/**
 * Undoes `Content-Encoding: gzip` (only that exact value, as the original), refusing output beyond
 * `maxBytes` so a small compressed body cannot exhaust memory.
 */
export function decodeContent(body: Buffer, contentEncoding: string | undefined, maxBytes: number): Buffer {
  if (contentEncoding !== 'gzip') return body
  try {
    return gunzipSync(body, { maxOutputLength: maxBytes })
  } catch (cause) {
    if (cause instanceof RangeError || (cause as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new RequestError(
        'ERR_PUSHGATEWAY_TOO_LARGE',
        413,
        `cannot accept push (decompressed body exceeds ${maxBytes} bytes)`,
      )
    }
    throw badRequest(`cannot decompress gzip body (${(cause as Error).message})`, cause)
  }
}

/**
 * Refuses what Go's text parser refuses before any line is read: bytes that are not UTF-8 (which decoding would
 * silently turn into U+FFFD) and a last line without its newline.
 */
function checkTextBody(body: Buffer): void {
  if (!isUtf8(body)) throw badRequest('cannot parse pushed metrics (text format: body is not valid UTF-8)')
  if (body.length > 0 && body[body.length - 1] !== 0x0a) {
    throw badRequest(
      'cannot parse pushed metrics (text format: unexpected end of input, the last line needs a newline)',
    )
  }
}

/**
 * Parses a push body into families: delimited protobuf or text 0.0.4 by Content-Type. Text families without
 * samples are dropped (Go's text parser does); protobuf families are kept as sent, even empty ones.
 *
 * @throws RequestError (400) naming the parse error's line and column (protobuf: byte offset).
 */
export function parsePushBody(body: Buffer, contentType: string | undefined): PushedFamilies {
  const families: PushedFamilies = new Map()
  const protobuf = isDelimitedProtobuf(contentType)
  if (!protobuf) checkTextBody(body)
  let parsed: MetricFamily[]
  try {
    parsed = protobuf ? decodeProtobuf(body) : parseText(body.toString('utf8'))
  } catch (cause) {
    const what = protobuf ? 'protobuf' : 'text format'
    throw badRequest(`cannot parse pushed metrics (${what}: ${(cause as Error).message})`, cause)
  }
  for (const family of parsed) {
    if (!protobuf && family.metrics.length === 0) continue
    families.set(family.name, family)
  }
  return families
}
