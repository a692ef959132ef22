import { crc32 } from 'node:zlib'
import { MultiprocessFileError } from './errors.js'

/** The bytes every multi-process file starts with. */
export const MAGIC = 'WFMP'
/** The layout of the JSON payload; files of another version are refused, never misread. */
export const FORMAT_VERSION = 1
const HEADER_BYTES = 16

/**
 * Frames a payload: magic, format version, payload length and CRC-32, all big-endian, then the payload as
 * UTF-8 JSON. The length and checksum catch truncated and corrupted files.
 */
export function encodeFile(payload: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(payload), 'utf8')
  const out = Buffer.allocUnsafe(HEADER_BYTES + body.length)
  out.write(MAGIC, 0, 'latin1')
  out.writeUInt32BE(FORMAT_VERSION, 4)
  out.writeUInt32BE(body.length, 8)
  out.writeUInt32BE(crc32(body), 12)
  body.copy(out, HEADER_BYTES)
  return out
}

/** Unframes a file written by `encodeFile`; throws `MultiprocessFileError` naming the file and the defect. */
export function decodeFile(path: string, data: Buffer): unknown {
  if (data.length < HEADER_BYTES) {
    throw new MultiprocessFileError(
      path,
      `cannot read metrics file ${path} (truncated: ${data.length} bytes)`,
    )
  }
  if (data.toString('latin1', 0, 4) !== MAGIC) {
    throw new MultiprocessFileError(path, `cannot read metrics file ${path} (not a Watchfire metrics file)`)
  }
  const version = data.readUInt32BE(4)
  if (version !== FORMAT_VERSION) {
    throw new MultiprocessFileError(
      path,
      `cannot read metrics file ${path} (format version ${version}; this client reads version ${FORMAT_VERSION})`,
    )
  }
  const length = data.readUInt32BE(8)
  if (data.length !== HEADER_BYTES + length) {
    throw new MultiprocessFileError(
      path,
      `cannot read metrics file ${path} (truncated: payload is ${data.length - HEADER_BYTES} of ${length} bytes)`,
    )
  }
  const body = data.subarray(HEADER_BYTES)
  if (crc32(body) !== data.readUInt32BE(12)) {
    throw new MultiprocessFileError(path, `cannot read metrics file ${path} (corrupted: checksum mismatch)`)
  }
  try {
    return JSON.parse(body.toString('utf8')) as unknown
  } catch {
    throw new MultiprocessFileError(path, `cannot read metrics file ${path} (corrupted: payload is not JSON)`)
  }
}
