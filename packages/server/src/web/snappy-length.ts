/**
 * The decoded length a snappy block announces in its leading uvarint, read without decoding
 * anything; undefined when the header is malformed (the decoder then reports the error).
 */
export function snappyDecodedLength(block: Uint8Array): number | undefined {
  let value = 0
  let scale = 1
  // A 32-bit length takes at most 5 bytes.
  for (let i = 0; i < 5 && i < block.length; i++) {
    const b = block[i] as number
    value += (b & 0x7f) * scale
    if (b < 0x80) return value
    scale *= 128
  }
  return undefined
}
