/**
 * Decodes one Snappy block (not the framed stream format): a uvarint uncompressed length, then
 * literal and back-reference elements. Prometheus compresses WAL records this way when
 * --storage.tsdb.wal-compression is on (its default since 2.20), so reading a real Prometheus's
 * WAL needs it; we never compress what we write. Throws RangeError on malformed input.
 */
export function snappyDecode(src: Uint8Array): Uint8Array {
  let pos = 0
  let len = 0
  let shift = 1
  for (;;) {
    if (pos >= src.length || shift > 2 ** 35) throw new RangeError('bad snappy length')
    const b = src[pos++] as number
    len += (b & 0x7f) * shift
    if (b < 0x80) break
    shift *= 128
  }
  const out = new Uint8Array(len)
  let o = 0
  while (pos < src.length) {
    const tag = src[pos++] as number
    const kind = tag & 3
    if (kind === 0) {
      let n = tag >>> 2
      if (n >= 60) {
        const bytes = n - 59
        n = 0
        for (let i = 0; i < bytes; i++) n += (src[pos++] ?? 0) * 2 ** (8 * i)
      }
      n += 1
      if (pos + n > src.length || o + n > len) throw new RangeError('bad snappy literal')
      out.set(src.subarray(pos, pos + n), o)
      pos += n
      o += n
      continue
    }
    let n: number
    let offset: number
    if (kind === 1) {
      n = ((tag >>> 2) & 7) + 4
      offset = ((tag >>> 5) << 8) | (src[pos++] ?? 0)
    } else if (kind === 2) {
      n = (tag >>> 2) + 1
      offset = (src[pos] ?? 0) | ((src[pos + 1] ?? 0) << 8)
      pos += 2
    } else {
      n = (tag >>> 2) + 1
      offset =
        ((src[pos] ?? 0) |
          ((src[pos + 1] ?? 0) << 8) |
          ((src[pos + 2] ?? 0) << 16) |
          ((src[pos + 3] ?? 0) << 24)) >>>
        0
      pos += 4
    }
    if (pos > src.length || offset === 0 || offset > o || o + n > len) throw new RangeError('bad snappy copy')
    // Byte by byte: a copy may overlap the bytes it produces (run-length style).
    for (let i = 0; i < n; i++, o++) out[o] = out[o - offset] as number
  }
  if (o !== len) throw new RangeError('snappy data shorter than its declared length')
  return out
}
