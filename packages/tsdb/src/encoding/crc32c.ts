/** CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum on every Prometheus TSDB section. */

const TABLES = buildTables()

function buildTables(): Uint32Array {
  // Eight 256-entry tables for slicing-by-8: one table lookup per input byte is the bottleneck otherwise.
  const t = new Uint32Array(8 * 256)
  for (let i = 0; i < 256; i++) {
    let c = i
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1
    t[i] = c >>> 0
  }
  for (let i = 0; i < 256; i++) {
    let c = t[i] as number
    for (let s = 1; s < 8; s++) {
      c = (t[c & 0xff] as number) ^ (c >>> 8)
      t[s * 256 + i] = c >>> 0
    }
  }
  return t
}

/** Extends `crc` (0 to start) over `bytes[start, end)` and returns the new checksum as an unsigned 32-bit number. */
export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length, crc = 0): number {
  const t = TABLES
  let c = ~crc
  let i = start
  for (; i + 8 <= end; i += 8) {
    const a =
      c ^
      ((bytes[i] as number) |
        ((bytes[i + 1] as number) << 8) |
        ((bytes[i + 2] as number) << 16) |
        ((bytes[i + 3] as number) << 24))
    c =
      (t[1792 + (a & 0xff)] as number) ^
      (t[1536 + ((a >>> 8) & 0xff)] as number) ^
      (t[1280 + ((a >>> 16) & 0xff)] as number) ^
      (t[1024 + (a >>> 24)] as number) ^
      (t[768 + (bytes[i + 4] as number)] as number) ^
      (t[512 + (bytes[i + 5] as number)] as number) ^
      (t[256 + (bytes[i + 6] as number)] as number) ^
      (t[bytes[i + 7] as number] as number)
  }
  for (; i < end; i++) c = (t[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8)
  return ~c >>> 0
}
